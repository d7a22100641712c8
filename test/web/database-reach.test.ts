// The rule by which an instance knows it alone has lost the database (decision 803): its own
// probes fail for 1.5 s while a peer has reached the writer for 2 s. A failover (every probe failing)
// takes nobody out; no peer, or a silent one, takes nobody out either.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cutOff, DatabaseReachWatcher } from '../../src/web/database-reach.js';
import { Lifecycle, type WriterReach } from '../../src/web/lifecycle.js';

describe('cutOff (the rule)', () => {
  it('needs its own probes failing for 1.5 s and a peer that has reached the writer for 2 s', () => {
    const peerUp = { reachable: true, forMs: 2_000 };
    assert.equal(cutOff(1_500, [peerUp]), true);
    assert.equal(cutOff(1_499, [peerUp]), false, 'failing too briefly');
    assert.equal(cutOff(null, [peerUp]), false, 'not failing at all');
    assert.equal(cutOff(5_000, [{ reachable: true, forMs: 1_999 }]), false, 'the peer only just got back (the end of a failover)');
    assert.equal(cutOff(5_000, [{ reachable: false, forMs: 5_000 }]), false, 'the peer cannot reach it either: a failover');
    assert.equal(cutOff(5_000, [null]), false, 'the peer did not answer');
    assert.equal(cutOff(5_000, []), false, 'no peer configured');
    assert.equal(cutOff(5_000, [null, { reachable: false, forMs: 3_000 }, peerUp]), true, 'one peer vouching is enough');
  });
});

/** A watcher on a fake clock; `reach` says whether the next probes succeed, `peer` what the one peer answers. */
function harness() {
  let now = 0;
  const state: { reach: boolean; peer: WriterReach | null; asked: number; newestAnswered: number } = {
    reach: true,
    peer: null,
    asked: 0,
    newestAnswered: Number.NEGATIVE_INFINITY,
  };
  const lifecycle = new Lifecycle();
  const warnings: string[] = [];
  const watcher = new DatabaseReachWatcher({
    lifecycle,
    now: () => now,
    probe: async () => {
      if (!state.reach) throw new Error('timeout expired');
    },
    peers: ['http://127.0.0.1:1'],
    askPeer: async () => {
      state.asked++;
      return state.peer;
    },
    newestAnswered: () => state.newestAnswered,
    log: { warn: (_d, m) => warnings.push(m), info: (_d, m) => warnings.push(m) },
  });
  const tickAt = async (ms: number) => {
    now = ms;
    await watcher.tick();
  };
  return { state, lifecycle, tickAt, warnings };
}

describe('DatabaseReachWatcher', () => {
  it('cut off alone: leaves after 1.5 s of failed probes once the peer vouches, fires once, and comes back at the first good probe', async () => {
    const h = harness();
    let fired = 0;
    h.lifecycle.whenCutOff(() => fired++);
    await h.tickAt(0);
    assert.deepEqual(h.lifecycle.writerReach, { reachable: true, forMs: 0 });
    h.state.reach = false;
    h.state.peer = { reachable: true, forMs: 10_000 };
    await h.tickAt(1_000);
    await h.tickAt(2_000);
    assert.equal(h.lifecycle.cutOff, false, 'failing for 1 s only');
    assert.equal(h.state.asked, 0, 'peers are not asked before 1.5 s of failures');
    await h.tickAt(2_500);
    assert.equal(h.lifecycle.cutOff, true);
    assert.deepEqual(h.lifecycle.writerReach, { reachable: false, forMs: 1_500 });
    await h.tickAt(4_000);
    assert.equal(fired, 1, 'the in-flight requests are answered once, on the way out');
    h.state.reach = true;
    await h.tickAt(5_000);
    assert.equal(h.lifecycle.cutOff, false);
    assert.deepEqual(h.warnings, ['writer unreachable from this instance alone: leaving the pool', 'writer reachable again: back in the pool']);
  });

  it('probes timing out on a loaded machine while its pools are answered never take it out (decision 804)', async () => {
    const h = harness();
    await h.tickAt(0);
    h.state.reach = false;
    h.state.peer = { reachable: true, forMs: 10_000 };
    await h.tickAt(1_000);
    h.state.newestAnswered = 3_000; // pooled work sent as the latest probe began was answered
    await h.tickAt(3_000);
    h.state.newestAnswered = 4_100;
    await h.tickAt(4_000);
    assert.equal(h.lifecycle.cutOff, false);
    await h.tickAt(5_000); // nothing sent since 4 100 was answered
    assert.equal(h.lifecycle.cutOff, true);
  });

  it('a failover (the peer cannot reach the writer either) never takes it out', async () => {
    const h = harness();
    h.state.reach = false;
    h.state.peer = { reachable: false, forMs: 0 };
    for (let ms = 0; ms <= 30_000; ms += 1_000) {
      if (h.state.peer) h.state.peer = { reachable: false, forMs: ms };
      await h.tickAt(ms);
      assert.equal(h.lifecycle.cutOff, false);
    }
    // The peer gets the new leader first; this instance's next probe does too, before the peer's 2 s.
    h.state.peer = { reachable: true, forMs: 900 };
    await h.tickAt(31_000);
    assert.equal(h.lifecycle.cutOff, false);
    h.state.reach = true;
    await h.tickAt(32_000);
    assert.equal(h.lifecycle.cutOff, false);
  });
});
