import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seal, unseal } from '../../src/outbox/sealed.js';

const secret = 'a-session-secret-of-at-least-32-characters';

describe('sealed outbox secrets', () => {
  it('round-trips, and each seal looks different', () => {
    const a = seal(secret, 'purpose', 'token-123');
    const b = seal(secret, 'purpose', 'token-123');
    assert.notEqual(a, b);
    assert.ok(!a.includes('token-123'));
    assert.equal(unseal(secret, 'purpose', a), 'token-123');
  });

  it('refuses another secret, another purpose, a tampered or a malformed value', () => {
    const sealed = seal(secret, 'purpose', 'token-123');
    assert.equal(unseal(`${secret}-rotated`, 'purpose', sealed), null);
    assert.equal(unseal(secret, 'other', sealed), null);
    const bytes = Buffer.from(sealed, 'base64url');
    bytes[bytes.length - 1]! ^= 1;
    assert.equal(unseal(secret, 'purpose', bytes.toString('base64url')), null);
    assert.equal(unseal(secret, 'purpose', 'short'), null);
  });
});
