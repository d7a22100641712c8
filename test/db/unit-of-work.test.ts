import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { CommitOutcomeUnknownError, transact } from '../../src/db/unit-of-work.js';

const connectionLost = () => Object.assign(new Error('connection lost'), { code: 'CONNECTION_CLOSED' });

/** A stand-in for Kysely's transaction(): runs the work, then fails at COMMIT the first `commitFailures` times. */
function fakeDb(commitFailures: number) {
  let commits = 0;
  const db = {
    transaction: () => ({
      execute: async (work: (trx: unknown) => Promise<unknown>) => {
        const result = await work({});
        commits++;
        if (commits <= commitFailures) throw connectionLost();
        return result;
      },
    }),
  };
  return { db: db as unknown as Kysely<DB>, commits: () => commits };
}

describe('transact', () => {
  it('runs again a transaction that failed before COMMIT', async () => {
    const { db } = fakeDb(0);
    let runs = 0;
    const result = await transact(db, async () => {
      runs++;
      if (runs < 3) throw connectionLost();
      return 'saved';
    }, { firstDelayMs: 1 });
    assert.equal(result, 'saved');
    assert.equal(runs, 3);
  });

  it('does not run again non-idempotent work whose COMMIT failed', async () => {
    const { db, commits } = fakeDb(1);
    let runs = 0;
    await assert.rejects(transact(db, async () => { runs++; }, { firstDelayMs: 1 }), CommitOutcomeUnknownError);
    assert.equal(runs, 1);
    assert.equal(commits(), 1);
  });

  it('runs again idempotent work whose COMMIT failed', async () => {
    const { db, commits } = fakeDb(2);
    let runs = 0;
    await transact(db, async () => { runs++; }, { idempotent: true, firstDelayMs: 1 });
    assert.equal(runs, 3);
    assert.equal(commits(), 3);
  });

  it('never retries a constraint violation', async () => {
    const { db } = fakeDb(0);
    let runs = 0;
    const duplicate = Object.assign(new Error('duplicate key'), { code: '23505' });
    await assert.rejects(transact(db, async () => { runs++; throw duplicate; }, { idempotent: true, firstDelayMs: 1 }), /duplicate key/);
    assert.equal(runs, 1);
  });
});
