// Authorisation is claim → call → settle (decision 216): no row lock while the bank answers, and a
// gateway outage gives the claim back so the same request can resume (one hold, ever).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { write } from '../../../src/db/unit-of-work.js';
import { GatewayUnavailableError, type AuthoriseRequest, type AuthoriseResult } from '../../../src/payments/gateway.js';
import { SimulatedGateway } from '../../../src/payments/simulated.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { CARDS, count, fillBasket, newCustomer, orderRow, place } from './helpers.js';

/** A bank that announces each authorisation call and answers only when told (or fails while `down`). */
class GatedBank extends SimulatedGateway {
  down = false;
  private open: Promise<void> = Promise.resolve();
  private letThrough = () => {};
  onCall: (orderId: string) => void = () => {};
  hold(): void {
    this.open = new Promise((resolve) => {
      this.letThrough = resolve;
    });
  }
  answer(): void {
    this.letThrough();
  }
  override async authorise(request: AuthoriseRequest): Promise<AuthoriseResult> {
    this.onCall(request.orderId);
    await this.open;
    if (this.down) throw new GatewayUnavailableError();
    return super.authorise(request);
  }
}

describe('authorisation: claim → call → settle', () => {
  let t: TestApp;
  let bank: GatedBank;
  before(async () => {
    t = await startTestApp();
    bank = new GatedBank();
    t.deps.payments = bank;
  });
  after(() => t.close());

  it('holds no lock on the order row while the bank answers', async () => {
    const auth = await newCustomer(t);
    await fillBasket(t, auth);
    bank.hold();
    const called = new Promise<string>((resolve) => {
      bank.onCall = resolve;
    });
    const placing = place(t, auth);
    const orderId = await called;
    // The old way held FOR UPDATE through the call: NOWAIT failed (PostgreSQL) or queued behind it (PGlite).
    const lock = write(t.deps.db.writer, (trx) => sql`SELECT id FROM orders WHERE id = ${orderId} FOR UPDATE NOWAIT`.execute(trx)).then(
      () => 'free',
      (error: unknown) => `locked: ${(error as Error).message}`,
    );
    const seen = await Promise.race([lock, new Promise((resolve) => setTimeout(() => resolve('still waiting for the lock'), 5000))]);
    bank.answer();
    assert.equal(seen, 'free');
    const response = await placing;
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.json().order.state, 'authorised');
  });

  it('a bank outage gives the claim back: the same request sent again resumes, one order and one hold', async () => {
    const auth = await newCustomer(t);
    await fillBasket(t, auth);
    const key = randomUUID();
    const orders = await count(t, 'orders');
    bank.down = true;
    const first = await place(t, auth, CARDS.ok, key);
    assert.equal(first.statusCode, 503, first.body);
    assert.equal(first.json().error.code, 'payment_unavailable');
    const pending = await t.deps.db.writer.selectFrom('orders').selectAll().where('idempotency_key', '=', key).executeTakeFirstOrThrow();
    assert.equal(pending.state, 'authorising');
    assert.equal(pending.authorise_claim, null, 'the claim was given back');

    bank.down = false;
    const holds = bank.ledger.holds.size;
    const again = await place(t, auth, CARDS.ok, key);
    assert.equal(again.statusCode, 201, again.body);
    assert.equal(again.json().order.id, pending.id);
    assert.equal((await orderRow(t, pending.id)).state, 'authorised');
    assert.equal(await count(t, 'orders'), orders + 1);
    assert.equal(bank.ledger.holds.size, holds + 1);
  });

  it('a claim left by an instance that died is taken over once its lease has run out', async () => {
    const auth = await newCustomer(t);
    await fillBasket(t, auth);
    const key = randomUUID();
    bank.down = true;
    assert.equal((await place(t, auth, CARDS.ok, key)).statusCode, 503);
    bank.down = false;
    await t.deps.db.writer
      .updateTable('orders')
      .set({ authorise_claim: 'an-instance-that-died', authorise_claimed_at: sql<Date>`now() - interval '1 hour'` })
      .where('idempotency_key', '=', key)
      .execute();
    const calls = bank.ledger.authoriseCalls;
    const again = await place(t, auth, CARDS.ok, key);
    assert.equal(again.statusCode, 201, again.body);
    assert.equal(again.json().order.state, 'authorised');
    assert.equal(bank.ledger.authoriseCalls, calls + 1);
  });
});
