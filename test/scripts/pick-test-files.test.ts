// The random "alone" pick of scripts/test: a seed must replay the same files, and the pick must
// be a real choice among all of them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pickFiles } from '../../scripts/pick-test-files.js';

const FILES = Array.from({ length: 40 }, (_, i) => `test/file-${String(i).padStart(2, '0')}.test.ts`);

describe('picking test files to run alone', () => {
  it('picks the same files for the same seed, whatever order they are listed in', () => {
    assert.deepEqual(pickFiles(FILES, 3, 1234), pickFiles([...FILES].reverse(), 3, 1234));
  });

  it('picks three distinct files from the list', () => {
    for (let seed = 0; seed < 50; seed++) {
      const picked = pickFiles(FILES, 3, seed);
      assert.equal(new Set(picked).size, 3);
      for (const file of picked) assert.ok(FILES.includes(file));
    }
  });

  it('reaches every file over many seeds, and different seeds pick differently', () => {
    const seen = new Set<string>();
    const picks = new Set<string>();
    for (let seed = 0; seed < 500; seed++) {
      const picked = pickFiles(FILES, 3, seed);
      for (const file of picked) seen.add(file);
      picks.add(picked.join(' '));
    }
    assert.equal(seen.size, FILES.length);
    assert.ok(picks.size > 400, `only ${picks.size} different picks in 500 seeds`);
  });

  it('returns every file when there are fewer than asked for, and none from none', () => {
    assert.deepEqual(pickFiles(['b.test.ts', 'a.test.ts'], 3, 7).sort(), ['a.test.ts', 'b.test.ts']);
    assert.deepEqual(pickFiles([], 3, 7), []);
  });
});
