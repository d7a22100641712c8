// The stuck-reads rule (decision 804): reads go to another instance when this one has heard nothing
// from the database for 250 ms, a fresh connection fails too, and a peer vouches for the writer
// (decision 805: a success from the writer on work it sent since this instance went silent).
// A failover (no peer vouching), a slow but answering database, a probe that gets through, or an
// event loop that was only busy send nothing away.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DatabaseSilence } from '../../src/db/database-silence.js';
import { DatabaseReachWatcher, vouchesForReads } from '../../src/web/database-reach.js';
import { Lifecycle, type WriterReach } from '../../src/web/lifecycle.js';
import { StuckReadsWatcher } from '../../src/web/stuck-reads.js';

describe('DatabaseSilence', () => {
  it('is silent from the oldest work with no answer, nor any to work sent after it; answers to older work (sent before a cut) do not count', async () => {
    let now = 1_000;
    const silence = new DatabaseSilence(() => now);
    assert.equal(silence.silentSince(), null);
    const settle: ((ok: boolean) => void)[] = [];
    const work = () =>
      silence.track(new Promise<void>((resolve, reject) => settle.push((ok) => (ok ? resolve() : reject(new Error('connection refused')))))).catch(() => {});
    const beforeCut = work(); // sent at 1 000
    now = 1_100;
    const afterCut = work(); // sent at 1 100
    assert.equal(silence.silentSince(), 1_000);
    now = 1_400;
    settle[0]!(true);
    await beforeCut;
    assert.equal(silence.silentSince(), 1_100, 'the answer to older work does not end the silence of newer work');
    assert.equal(silence.quietMs(), 300);
    now = 1_500;
    const newer = work(); // sent at 1 500
    settle[2]!(false); // an error is an answer too
    await newer;
    assert.equal(silence.silentSince(), null, 'work sent later was answered: the database is there');
    settle[1]!(true);
    await afterCut;
    assert.equal(silence.quietMs(), 0);
    // A pool checkout waits, but an idle connection handed out is no answer from the database.
    now = 2_000;
    const statement = silence.track(new Promise<void>(() => {}));
    now = 2_100;
    await silence.track(Promise.resolve('an idle connection'), { answers: false });
    assert.equal(silence.silentSince(), 2_000);
    void statement;
  });
});

/** The rule on a fake clock: what the database, the probe and the peer say are set per case. */
function harness() {
  let now = 10_000;
  const state = { silentSince: null as number | null, freshFail: false, peerVouches: true, freshAskedSince: [] as number[] };
  const lifecycle = new Lifecycle();
  const logged: string[] = [];
  const watcher = new StuckReadsWatcher({
    lifecycle,
    now: () => now,
    silentSince: () => state.silentSince,
    freshConnectionsFailSince: (since) => {
      state.freshAskedSince.push(since);
      return state.freshFail;
    },
    peerVouches: async () => state.peerVouches,
    log: { warn: (_d, m) => logged.push(m), info: (_d, m) => logged.push(m) },
  });
  const at = async (ms: number) => {
    now = ms;
    await watcher.tick();
  };
  return { state, lifecycle, at, logged };
}

describe('StuckReadsWatcher', () => {
  it('sends reads away after 250 ms of silence with a failing probe and a vouching peer, and stops at the first answer', async () => {
    const h = harness();
    let fired = 0;
    h.lifecycle.whenReadsShed(() => fired++);
    h.state.silentSince = 10_000;
    await h.at(10_049);
    assert.deepEqual(h.state.freshAskedSince, [], 'no probe asked for before 50 ms of silence');
    await h.at(10_050);
    assert.deepEqual(h.state.freshAskedSince, [10_000], 'a probe is asked for at 50 ms');
    h.state.freshFail = true;
    await h.at(10_249);
    assert.equal(h.lifecycle.shedReads, false, 'silent under 250 ms');
    await h.at(10_250);
    assert.equal(h.lifecycle.shedReads, true);
    await h.at(10_300);
    assert.equal(fired, 1, 'the waiting reads are answered once');
    h.state.silentSince = null;
    await h.at(10_350);
    assert.equal(h.lifecycle.shedReads, false);
    assert.equal(h.lifecycle.cutOff, false, 'it never takes the instance out of the pool');
    assert.deepEqual(h.logged, [
      'database silent from this instance alone: sending reads to the other instances',
      'stopped sending reads to the other instances',
    ]);
  });

  it('a failover (no peer vouching), a probe getting through, or a slow answer send nothing away', async () => {
    const failover = harness();
    failover.state.silentSince = 10_000;
    failover.state.freshFail = true;
    failover.state.peerVouches = false;
    for (let ms = 10_000; ms <= 40_000; ms += 500) {
      await failover.at(ms);
      assert.equal(failover.lifecycle.shedReads, false);
    }
    const probeGetsThrough = harness();
    probeGetsThrough.state.silentSince = 10_000; // a long query on a database that is there
    await probeGetsThrough.at(12_000);
    assert.equal(probeGetsThrough.lifecycle.shedReads, false);
    const answering = harness();
    answering.state.freshFail = true;
    answering.state.silentSince = 10_000;
    await answering.at(10_200);
    answering.state.silentSince = 10_200; // an answer came: a new silence starts
    await answering.at(10_400);
    assert.equal(answering.lifecycle.shedReads, false, 'only 200 ms of this silence');
  });

  it('a busy event loop that reads its answers while the peer is asked sends nothing away', async () => {
    const h = harness();
    h.state.silentSince = 10_000;
    h.state.freshFail = true;
    h.state.peerVouches = true;
    const lifecycle = h.lifecycle;
    // The peer's answer arrives after the database's: the silence has ended by then.
    const watcher = new StuckReadsWatcher({
      lifecycle,
      now: () => 10_400,
      silentSince: () => h.state.silentSince,
      freshConnectionsFailSince: () => true,
      peerVouches: async () => {
        h.state.silentSince = 10_390;
        return true;
      },
    });
    assert.equal(await watcher.readsStuck(), false);
  });
});

describe('DatabaseReachWatcher.freshConnectionsFailSince', () => {
  it('starts a probe when none is in flight; slow (200 ms) or failed since then is failing; one that got through is not', async () => {
    let now = 0;
    const probes: { resolve: () => void; reject: (e: Error) => void }[] = [];
    const watcher = new DatabaseReachWatcher({
      lifecycle: new Lifecycle(),
      now: () => now,
      probe: () => new Promise<void>((resolve, reject) => probes.push({ resolve, reject })),
      peers: [],
      askPeer: async () => null,
    });
    now = 1_000;
    assert.equal(watcher.freshConnectionsFailSince(900), false);
    assert.equal(probes.length, 1, 'a probe was started');
    now = 1_199;
    assert.equal(watcher.freshConnectionsFailSince(900), false, 'unanswered for 199 ms only');
    assert.equal(probes.length, 1, 'one probe at a time');
    now = 1_200;
    assert.equal(watcher.freshConnectionsFailSince(900), true, 'unanswered for 200 ms');
    probes[0]!.reject(new Error('timeout expired'));
    await new Promise((resolve) => setImmediate(resolve));
    now = 1_300;
    assert.equal(watcher.freshConnectionsFailSince(900), true, 'it failed since the silence began');
    assert.equal(watcher.freshConnectionsFailSince(1_400), false, 'a failure before a later silence says nothing of it');
    assert.equal(probes.length, 2);
    probes[1]!.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(watcher.freshConnectionsFailSince(1_300), false, 'a probe started since then reached the writer');
  });

  it('a peer vouches when its own work is answered and the writer answered it with success on work sent since the silence began; reused for 250 ms', async () => {
    let now = 10_000;
    let asked = 0;
    let view: WriterReach = { reachable: true, forMs: 60_000, quietMs: 0, writerSucceededMsAgo: 20 };
    const watcher = new DatabaseReachWatcher({
      lifecycle: new Lifecycle(),
      now: () => now,
      probe: async () => {},
      peers: ['http://127.0.0.1:1'],
      askPeer: async () => {
        asked++;
        return view;
      },
    });
    const silentSince = 9_750; // this instance heard nothing since then
    assert.equal(await watcher.peerVouches(silentSince), true, 'its writer work sent at 9 980 succeeded: a cut link of ours');
    view = { reachable: true, forMs: 60_000, quietMs: 0, writerSucceededMsAgo: 600 };
    now = 10_249;
    assert.equal(await watcher.peerVouches(silentSince), true, 'reused');
    assert.equal(asked, 1);
    now = 10_250;
    assert.equal(
      await watcher.peerVouches(silentSince),
      false,
      'its newest success was sent at 9 650, before our silence (a failover: a success from before it vouches for nothing)',
    );
    assert.equal(asked, 2);
    view = { reachable: true, forMs: 60_000, quietMs: 0, answeredMsAgo: 5 };
    now = 10_500;
    assert.equal(await watcher.peerVouches(silentSince), false, 'answered 5 ms ago, but with an error (shutting down): the writer is away for it too');
    view = { reachable: true, forMs: 60_000, quietMs: 250, writerSucceededMsAgo: 10 };
    now = 10_750;
    assert.equal(await watcher.peerVouches(silentSince), false, 'its own work has waited 250 ms unanswered: the database stalls for everyone');
    view = { reachable: true, forMs: 60_000, writerSucceededMsAgo: 10 };
    now = 11_000;
    assert.equal(await watcher.peerVouches(silentSince), false, 'a peer that does not say how its own work goes (an older version)');
    view = { reachable: false, forMs: 1_500, quietMs: 10, writerSucceededMsAgo: 30 };
    now = 11_250;
    assert.equal(await watcher.peerVouches(silentSince), true, 'its probes time out on a loaded machine, but the writer answers its pools');
  });
});

describe('vouchesForReads in a switchover (decision 805)', () => {
  it('two instances silent at once cannot vouch for each other: neither has a success from the writer since the other went silent', () => {
    // app1 went silent at 1 200 and app2 at 1 260; the old leader's last success for each was sent before.
    const app1View: WriterReach = { reachable: true, forMs: 60_000, quietMs: 0, answeredMsAgo: 10, writerSucceededMsAgo: 300 };
    const app2View: WriterReach = { reachable: true, forMs: 60_000, quietMs: 0, answeredMsAgo: 10, writerSucceededMsAgo: 280 };
    // Each asks the other at 1 460 (250 ms into its silence): the errors (answeredMsAgo) count for nothing.
    assert.equal(vouchesForReads(app2View, 1_200, 1_460), false);
    assert.equal(vouchesForReads(app1View, 1_260, 1_460), false);
  });
});

describe('DatabaseSilence.newestWriterSuccessStart', () => {
  it('is the start of the newest work sent to the writer that succeeded: not an error, not a replica', async () => {
    let now = 1_000;
    const silence = new DatabaseSilence(() => now);
    assert.equal(silence.newestWriterSuccessStart(), Number.NEGATIVE_INFINITY);
    await silence.track(Promise.resolve(), { writer: true });
    assert.equal(silence.newestWriterSuccessStart(), 1_000);
    now = 1_100;
    await silence.track(Promise.reject(new Error('the database system is shutting down')), { writer: true }).catch(() => {});
    assert.equal(silence.newestWriterSuccessStart(), 1_000, 'an error is no success');
    now = 1_200;
    await silence.track(Promise.resolve(), { writer: false });
    assert.equal(silence.newestWriterSuccessStart(), 1_000, 'a replica answering says nothing of the writer');
    now = 1_300;
    await silence.track(Promise.resolve(), { writer: true, answers: false });
    assert.equal(silence.newestWriterSuccessStart(), 1_000, 'an idle connection handed out is no answer');
    assert.equal(silence.silentSince(), null);
  });
});
