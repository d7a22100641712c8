// The unit of work's retry rules (decision 215): reads always re-run on transient errors;
// writes re-run before COMMIT, and after a lost COMMIT answer only when guarded.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { CommitOutcomeUnknownError, read, write } from '../../src/db/unit-of-work.js';

const connectionLost = () => Object.assign(new Error('connection lost'), { code: 'CONNECTION_CLOSED' });
const fast = { firstDelayMs: 1 };

/** A stand-in for Kysely's transaction(): runs the work, then fails at COMMIT with `commitError()` the first `commitFailures` times. */
function fakeDb(commitFailures: number, commitError: () => Error = connectionLost) {
  let commits = 0;
  let transactions = 0;
  const db = {
    transaction: () => ({
      execute: async (work: (trx: unknown) => Promise<unknown>) => {
        transactions++;
        const result = await work({ inTransaction: true });
        commits++;
        if (commits <= commitFailures) throw commitError();
        return result;
      },
    }),
  };
  return { db: db as unknown as Kysely<DB>, commits: () => commits, transactions: () => transactions };
}

describe('read', () => {
  it('runs again a read that failed with a transient error', async () => {
    const { db, transactions } = fakeDb(0);
    let runs = 0;
    const result = await read(
      db,
      async () => {
        if (++runs < 3) throw connectionLost();
        return 'rows';
      },
      fast,
    );
    assert.equal(result, 'rows');
    assert.equal(runs, 3);
    assert.equal(transactions(), 0, 'a plain read opens no transaction');
  });

  it('never runs again a read that failed for another reason', async () => {
    const { db } = fakeDb(0);
    let runs = 0;
    const bad = Object.assign(new Error('syntax'), { code: '42601' });
    await assert.rejects(
      read(
        db,
        async () => {
          runs++;
          throw bad;
        },
        fast,
      ),
      /syntax/,
    );
    assert.equal(runs, 1);
  });

  it('runs the work in one transaction when asked', async () => {
    const { db, transactions } = fakeDb(0);
    const seen = await read(db, async (trx) => (trx as unknown as { inTransaction?: boolean }).inTransaction, { transaction: true });
    assert.equal(seen, true);
    assert.equal(transactions(), 1);
  });
});

describe('write', () => {
  it('runs again a transaction that failed before COMMIT, guarded or not', async () => {
    const { db } = fakeDb(0);
    let runs = 0;
    const result = await write(
      db,
      async () => {
        if (++runs < 3) throw connectionLost();
        return 'saved';
      },
      fast,
    );
    assert.equal(result, 'saved');
    assert.equal(runs, 3);
  });

  it('answers "commit outcome unknown" for an unguarded write whose COMMIT answer was lost, and does not run it again', async () => {
    const { db, commits } = fakeDb(1);
    let runs = 0;
    const failure = await write(
      db,
      async () => {
        runs++;
      },
      fast,
    ).catch((error: unknown) => error);
    assert.ok(failure instanceof CommitOutcomeUnknownError);
    assert.equal(failure.status, 503);
    assert.equal(failure.code, 'commit_unknown');
    assert.equal(runs, 1);
    assert.equal(commits(), 1);
  });

  for (const guard of ['idempotency key', 'conditional transition', 'idempotent by nature'] as const) {
    it(`runs again a write guarded by ${guard} whose COMMIT answer was lost, telling the work so`, async () => {
      const { db, commits } = fakeDb(2);
      const seen: boolean[] = [];
      await write(
        db,
        async (_trx, run) => {
          seen.push(run.afterLostCommit);
        },
        { guardedBy: guard, ...fast },
      );
      assert.deepEqual(seen, [false, true, true]);
      assert.equal(commits(), 3);
    });
  }

  it('runs again an unguarded write whose COMMIT the server answered with a rollback (serialization failure)', async () => {
    const { db } = fakeDb(1, () => Object.assign(new Error('could not serialize'), { code: '40001' }));
    let runs = 0;
    await write(
      db,
      async () => {
        runs++;
      },
      fast,
    );
    assert.equal(runs, 2);
  });

  it('never runs again a constraint violation, even when guarded', async () => {
    const { db } = fakeDb(0);
    let runs = 0;
    const duplicate = Object.assign(new Error('duplicate key'), { code: '23505' });
    await assert.rejects(
      write(
        db,
        async () => {
          runs++;
          throw duplicate;
        },
        { guardedBy: 'idempotency key', ...fast },
      ),
      /duplicate key/,
    );
    assert.equal(runs, 1);
  });

  it('gives up after its budget and lets the transient error through', async () => {
    const { db } = fakeDb(0);
    let runs = 0;
    await assert.rejects(
      write(
        db,
        async () => {
          runs++;
          throw connectionLost();
        },
        { budgetMs: 0, ...fast },
      ),
      /connection lost/,
    );
    assert.equal(runs, 1);
  });
});
