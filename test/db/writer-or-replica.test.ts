// The fallback rule for what a page needs (decision 800): the writer while it answers, a replica
// that is not behind while it does not, and a mark on the request that read from the replica.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CompiledQuery, DatabaseConnection, Driver, QueryResult } from 'kysely';
import { ReplicaBehindError, readFromReplica, trackReplicaReads, WriterOrReplicaDriver } from '../../src/db/writer-or-replica.js';

type Lag = { standby: boolean; caught_up: boolean; replay_age_s: number };

function fakeDriver(name: string, opts: { fail?: () => unknown; lag?: Lag } = {}) {
  const released: string[] = [];
  const driver: Driver & { released: string[]; acquired: number } = {
    released,
    acquired: 0,
    async init() {},
    async acquireConnection(): Promise<DatabaseConnection> {
      driver.acquired++;
      const failure = opts.fail?.();
      if (failure) throw failure;
      return {
        name,
        async executeQuery<R>(_q: CompiledQuery): Promise<QueryResult<R>> {
          return { rows: [opts.lag ?? { standby: true, caught_up: true, replay_age_s: 5 }] as R[] };
        },
        // biome-ignore lint/correctness/useYield: never streamed in these tests
        async *streamQuery() {
          throw new Error('not used');
        },
      } as DatabaseConnection & { name: string };
    },
    async beginTransaction() {},
    async commitTransaction() {},
    async rollbackTransaction() {},
    async releaseConnection(c) {
      released.push((c as unknown as { name: string }).name);
    },
    async destroy() {},
  };
  return driver;
}

const connectionLost = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
const nameOf = (c: DatabaseConnection) => (c as unknown as { name: string }).name;
const inRequest = <T>(work: () => Promise<T>) => new Promise<T>((resolve, reject) => trackReplicaReads(() => void work().then(resolve, reject)));

test('the writer answers: its connection is used, and the request is not marked', async () => {
  const driver = new WriterOrReplicaDriver(fakeDriver('writer'), fakeDriver('reader'));
  const [name, marked] = await inRequest(async () => [nameOf(await driver.acquireConnection()), readFromReplica()] as const);
  assert.equal(name, 'writer');
  assert.equal(marked, false);
});

test('the writer is away: a caught-up replica answers, the request is marked, and for a second the writer is not tried', async () => {
  let clock = 1_000;
  const writer = fakeDriver('writer', { fail: connectionLost });
  const reader = fakeDriver('reader', { lag: { standby: true, caught_up: true, replay_age_s: 30 } });
  const driver = new WriterOrReplicaDriver(writer, reader, () => clock);
  const [first, marked] = await inRequest(async () => [nameOf(await driver.acquireConnection()), readFromReplica()] as const);
  assert.equal(first, 'reader');
  assert.equal(marked, true);
  await driver.acquireConnection();
  assert.equal(writer.acquired, 1, 'within the second the writer is not asked again');
  clock += 1_000;
  await driver.acquireConnection();
  assert.equal(writer.acquired, 2, 'after it, the writer is tried first again');
});

test('a replica behind by more than a second is refused with a transient error, its connection given back', async () => {
  const reader = fakeDriver('reader', { lag: { standby: true, caught_up: false, replay_age_s: 3 } });
  const driver = new WriterOrReplicaDriver(fakeDriver('writer', { fail: connectionLost }), reader);
  await assert.rejects(driver.acquireConnection(), ReplicaBehindError);
  assert.deepEqual(reader.released, ['reader']);
});

test('a replica still replaying, but whose last transaction is under a second old, is fresh enough', async () => {
  const reader = fakeDriver('reader', { lag: { standby: true, caught_up: false, replay_age_s: 0.4 } });
  const driver = new WriterOrReplicaDriver(fakeDriver('writer', { fail: connectionLost }), reader);
  assert.equal(nameOf(await driver.acquireConnection()), 'reader');
});

test('an error that is not a lost writer (a wrong password) is not hidden by a replica', async () => {
  const wrong = Object.assign(new Error('password authentication failed'), { code: '28P01' });
  const reader = fakeDriver('reader');
  const driver = new WriterOrReplicaDriver(fakeDriver('writer', { fail: () => wrong }), reader);
  await assert.rejects(driver.acquireConnection(), /password authentication failed/);
  assert.equal(reader.acquired, 0);
});

test('connections go back to the pool they came from', async () => {
  const writer = fakeDriver('writer', { fail: connectionLost });
  const reader = fakeDriver('reader');
  const driver = new WriterOrReplicaDriver(writer, reader);
  await driver.releaseConnection(await driver.acquireConnection());
  assert.deepEqual(reader.released, ['reader']);
  assert.deepEqual(writer.released, []);
});
