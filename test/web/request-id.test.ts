// Request ids (web/request-id.ts): an incoming X-Request-Id is believed only from a TRUST_PROXY
// address and only when short and plain; anything else gets a fresh UUID.
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import { requestIdGenerator } from '../../src/web/request-id.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function raw(remoteAddress: string, id?: string): IncomingMessage {
  return { headers: id === undefined ? {} : { 'x-request-id': id }, socket: { remoteAddress } } as unknown as IncomingMessage;
}

describe('request ids', () => {
  const behindProxies = requestIdGenerator(['10.0.0.0/8', 'loopback']);

  it('takes the id a trusted proxy sent', () => {
    assert.equal(behindProxies(raw('10.1.2.3', 'a1b2c3-0A.x:y_z')), 'a1b2c3-0A.x:y_z');
    assert.equal(behindProxies(raw('127.0.0.1', 'haproxy-42')), 'haproxy-42');
    assert.equal(behindProxies(raw('10.1.2.3', 'x'.repeat(128))), 'x'.repeat(128));
  });

  it('makes a fresh UUID for anyone else, or when there is none', () => {
    assert.match(behindProxies(raw('203.0.113.9', 'spoofed-id')), UUID);
    assert.match(behindProxies(raw('10.1.2.3')), UUID);
    assert.match(requestIdGenerator([])(raw('127.0.0.1', 'from-loopback')), UUID, 'an empty TRUST_PROXY believes nobody');
  });

  it('refuses an id that is long or not plain, so it cannot inject into the logs', () => {
    for (const id of ['x'.repeat(129), '', 'a b', 'a"b', 'a\u001b[31mred', 'line\u2028break', '{"level":60}', 'ä']) {
      assert.match(behindProxies(raw('10.1.2.3', id)), UUID, JSON.stringify(id));
    }
  });

  it('makes a different id for every request', () => {
    const ids = new Set(Array.from({ length: 100 }, () => behindProxies(raw('203.0.113.9'))));
    assert.equal(ids.size, 100);
  });
});
