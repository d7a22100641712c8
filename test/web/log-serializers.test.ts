import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { redactUrl } from '../../src/web/log-serializers.js';

describe('request logging', () => {
  it('never logs a password-reset token', () => {
    assert.equal(redactUrl('/password-reset/confirm?token=UgSUA0b5xoIf8LCXclHJ9ce-c-wSZWCmHkcJ1izTktc'), '/password-reset/confirm?token=[redacted]');
    assert.equal(redactUrl('/x?a=1&token=abc&b=2'), '/x?a=1&token=[redacted]&b=2');
    assert.equal(redactUrl('/orders/1?returnTo=/a'), '/orders/1?returnTo=/a');
  });
});
