// The load generator's own arithmetic: the figures every drill is judged by.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { figuresOf, loopbackOnly, Stats } from '../../bench/load/load-generator.js';

test('write pause is the longest stretch with no write acknowledged, edges of the run included', () => {
  const stats = new Stats();
  stats.loadStarted = 1_000;
  stats.writeDone.push(1_100, 1_200, 12_600, 12_700); // a failover between 1.2 s and 12.6 s
  stats.readDone.push(1_050, 13_900);
  stats.latencies.push(...Array.from({ length: 99 }, () => 10), 11_400);
  const figures = figuresOf(stats, ['a@example.com'], 14_000);
  assert.equal(figures.writePauseS, 11.4);
  assert.deepEqual(figures.writePauseWindow, [1_200, 12_600]);
  assert.equal(figures.readPauseS, 12.85);
  assert.equal(figures.p50Ms, 10);
  assert.equal(figures.p99Ms, 10);
  assert.equal(figures.maxMs, 11_400);
  assert.equal(figures.durationS, 13);
});

test('no writes at all is a pause as long as the run', () => {
  const stats = new Stats();
  stats.loadStarted = 1_000;
  assert.equal(figuresOf(stats, [], 6_000).writePauseS, 5);
});

test('only loopback addresses are ever a target', () => {
  for (const ok of ['http://127.0.0.1:8080', 'http://localhost:8080', 'http://[::1]:8080', 'http://127.3.2.1']) {
    assert.doesNotThrow(() => loopbackOnly(ok), ok);
  }
  for (const bad of ['http://10.0.0.5:8080', 'http://192.168.1.2', 'http://example.com', 'http://127.0.0.1.example.com']) {
    assert.throws(() => loopbackOnly(bad), /only targets loopback/, bad);
  }
});
