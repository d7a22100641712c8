// Issue 8's "one way" lint rules (biome-plugins/*.grit, scoped in biome.jsonc): the project's own
// configuration is copied into a scratch tree with files that break each rule, and Biome must
// report exactly the breaks that are outside each rule's home.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIOME = path.join(ROOT, 'node_modules/.bin/biome');

// One line per rule: a raw transaction, a hand-placed retry, a hand form reader.
const BREAKS_EVERY_RULE = `import { retryTransient } from './retry.js';
export async function handler(db: { transaction(): { execute(f: () => Promise<number>): Promise<number> } }, body: unknown) {
  await db.transaction().execute(async () => 1);
  await retryTransient(async () => 1);
  return formString(body, 'name');
}
declare function formString(body: unknown, name: string): string;
`;

const RAW_TRANSACTION = 'A raw .transaction() outside src/db';
const RETRY = 'retryTransient() outside src/db';
const FORM_READER = 'A hand form reader outside the form helper';

let scratch: string;
/** file (relative to the scratch root) → the plugin messages Biome reported for it. */
let reported: Map<string, string[]>;

before(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'alpaca-lint-'));
  fs.copyFileSync(path.join(ROOT, 'biome.jsonc'), path.join(scratch, 'biome.jsonc'));
  fs.cpSync(path.join(ROOT, 'biome-plugins'), path.join(scratch, 'biome-plugins'), { recursive: true });
  for (const file of ['src/features/demo/routes.ts', 'src/db/unit-of-work-demo.ts', 'src/web/form-decode.ts', 'test/features/demo.http.test.ts']) {
    fs.mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
    fs.writeFileSync(path.join(scratch, file), BREAKS_EVERY_RULE);
  }
  // The scratch tree is no git checkout: the project's .gitignore does not apply to it.
  const run = spawnSync(BIOME, ['lint', '--vcs-enabled=false', '--reporter=github', '--max-diagnostics=none', '.'], { cwd: scratch, encoding: 'utf8' });
  assert.ok(run.status !== null, `biome did not run: ${run.error?.message ?? run.stderr}`);
  reported = new Map();
  for (const line of run.stdout.split('\n')) {
    const m = /^::error title=plugin,file=([^,]+),.*::(.*)$/.exec(line);
    if (!m) continue;
    const file = path.relative(scratch, m[1]!);
    reported.set(file, [...(reported.get(file) ?? []), m[2]!]);
  }
});

after(() => fs.rmSync(scratch, { recursive: true, force: true }));

function messages(file: string): string[] {
  return (reported.get(file) ?? []).map((m) => [RAW_TRANSACTION, RETRY, FORM_READER].find((known) => m.startsWith(known)) ?? m).sort();
}

describe('one-way lint rules', () => {
  it('reject a raw transaction, a hand-placed retry and a hand form reader in a feature', () => {
    assert.deepEqual(messages('src/features/demo/routes.ts'), [FORM_READER, RAW_TRANSACTION, RETRY].sort());
  });

  it('reject them in tests outside test/db too', () => {
    assert.deepEqual(messages('test/features/demo.http.test.ts'), [FORM_READER, RAW_TRANSACTION, RETRY].sort());
  });

  it('let src/db open transactions and retry, but not read forms by hand', () => {
    assert.deepEqual(messages('src/db/unit-of-work-demo.ts'), [FORM_READER]);
  });

  it('let the form helper read fields, but not open transactions or retry', () => {
    assert.deepEqual(messages('src/web/form-decode.ts'), [RAW_TRANSACTION, RETRY].sort());
  });
});
