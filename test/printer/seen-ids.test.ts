import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SeenIds } from '../../src/printer/seen-ids.js';

describe('printer: ids already printed', () => {
  it('remembers ids across restarts through its file', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'seen-')), 'colchester.seen');
    const first = new SeenIds(file);
    first.add('a');
    first.add('b');
    first.add('a');
    assert.equal(fs.readFileSync(file, 'utf8'), 'a\nb\n');
    const restarted = new SeenIds(file);
    assert.ok(restarted.has('a') && restarted.has('b'));
    assert.ok(!restarted.has('c'));
  });

  it('keeps only the most recent ids, and compacts its file', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'seen-')), 'store.seen');
    const seen = new SeenIds(file, 3);
    for (const id of ['1', '2', '3', '4']) seen.add(id);
    assert.ok(!seen.has('1'));
    assert.ok(seen.has('4'));
    for (const id of ['5', '6']) seen.add(id);
    assert.equal(fs.readFileSync(file, 'utf8'), '4\n5\n6\n', 'rewritten with the kept ids after `keep` appends');
    assert.ok(new SeenIds(null).has('x') === false);
  });
});
