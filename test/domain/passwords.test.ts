// Password hashes: a hash checks its own password only, a malformed hash never throws, and the
// check run for an unknown email takes the same path.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../../src/domain/passwords.js';

describe('passwords', () => {
  it('stores an argon2id hash that checks the password it was made from', async () => {
    const hash = await hashPassword('correct horse battery');
    assert.match(hash, /^\$argon2id\$/);
    assert.equal(await verifyPassword(hash, 'correct horse battery'), true);
    assert.equal(await verifyPassword(hash, 'correct horse batterY'), false);
  });

  it('answers false, not an error, for a hash that is not one', async () => {
    assert.equal(await verifyPassword('not-a-hash', 'anything at all'), false);
  });

  it('burns a real check for an unknown email, which never throws', async () => {
    await assert.doesNotReject(burnPasswordCheck('whatever was typed'));
    await assert.doesNotReject(burnPasswordCheck(''));
  });
});
