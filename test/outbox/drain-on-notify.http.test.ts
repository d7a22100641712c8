// The outbox drains when the database says rows were added (decision 604), not at its next poll:
// with a poll of a minute, a row committed by anyone (here straight to the database, as another
// instance would) is delivered at once. "At once" is asserted as well under the poll (5 s of 60 s):
// the latency itself is measured by the bench (check-in → ticket), not in a timed test.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { enqueue } from '../../src/outbox/enqueue.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('outbox drains on notify', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ OUTBOX_POLL_MS: '60000' });
    await t.outbox.start();
    // The first poll is spread over the poll interval: let nothing but the signal deliver below.
  });
  after(() => t.close());

  async function deliveredWithin(id: number, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    for (;;) {
      const row = await t.deps.db.writer.selectFrom('outbox').select('delivered_at').where('id', '=', id).executeTakeFirstOrThrow();
      if (row.delivered_at) return true;
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  const newRow = async (to: string) => {
    await enqueue(t.deps.db.writer, { kind: 'email', template: 'password-reset', to, data: { resetUrl: 'http://localhost/reset/x', firstName: 'Ada' } });
    const row = await t.deps.db.writer.selectFrom('outbox').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
    return row.id;
  };

  it('delivers a new row long before the poll, a minute away', async () => {
    assert.ok(await deliveredWithin(await newRow('first@alpaca.test'), 5000));
  });

  it('delivers rows added one after the other, each without waiting for a poll', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await newRow(`next${i}@alpaca.test`));
    for (const id of ids) assert.ok(await deliveredWithin(id, 5000), `row ${id}`);
  });
});
