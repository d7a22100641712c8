// The import rules of .dependency-cruiser.cjs fire: a small src/ tree that breaks each rule once
// fails with the rule's name and its explanation, and the same tree without the breaks passes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const depcruise = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const config = path.join(root, '.dependency-cruiser.cjs');
const rules = (createRequire(import.meta.url)(config) as { forbidden: { name: string; comment: string }[] }).forbidden;
const oneLine = (text: string) => text.replace(/\s+/g, ' ');

/** A file per path; each imports the files listed (type-only when the name starts with "type:"). */
type Tree = Record<string, string[]>;

const good: Tree = {
  'src/domain/rule.ts': [],
  'src/db/driver.ts': [],
  'src/db/read.ts': ['src/domain/rule.ts', 'src/db/driver.ts'],
  'src/web/page.ts': ['src/domain/rule.ts', 'src/db/read.ts'],
  'src/features/menu/queries.ts': ['src/db/read.ts'],
  'src/features/menu/index.ts': ['src/features/menu/queries.ts'],
  'src/features/basket/service.ts': ['src/features/menu/index.ts', 'src/web/page.ts'],
  'src/features/basket/index.ts': ['src/features/basket/service.ts'],
  'src/app.ts': ['src/features/menu/index.ts', 'src/features/basket/index.ts'],
};

/** Each rule broken once, on top of the good tree. */
const breaks: { rule: string; tree: Tree }[] = [
  // Type-only imports count: this circle exists only in types.
  { rule: 'no-cycles', tree: { 'src/db/read.ts': ['src/domain/rule.ts', 'type:src/db/other.ts'], 'src/db/other.ts': ['type:src/db/read.ts'] } },
  { rule: 'domain-imports-only-domain', tree: { 'src/domain/rule.ts': ['type:src/db/driver.ts'] } },
  { rule: 'domain-does-no-io', tree: { 'src/domain/rule.ts': ['node:fs'] } },
  { rule: 'layers-import-no-feature', tree: { 'src/web/page.ts': ['src/domain/rule.ts', 'src/features/menu/index.ts'] } },
  { rule: 'features-meet-through-index', tree: { 'src/features/basket/service.ts': ['src/features/menu/queries.ts'] } },
  { rule: 'app-meets-features-through-index', tree: { 'src/app.ts': ['src/features/basket/service.ts'] } },
];

let dir: string;

async function writeTree(at: string, tree: Tree): Promise<void> {
  await fs.mkdir(at, { recursive: true });
  await fs.writeFile(
    path.join(at, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, verbatimModuleSyntax: true },
      include: ['src'],
    }),
  );
  await fs.writeFile(path.join(at, 'package.json'), JSON.stringify({ type: 'module' }));
  for (const [file, imports] of Object.entries(tree)) {
    const lines = imports.map((target, i) => {
      const typeOnly = target.startsWith('type:');
      const name = typeOnly ? target.slice(5) : target;
      if (!name.startsWith('src/')) return `import * as m${i} from '${name}';\nexport const use${i} = m${i};`;
      let spec = path.relative(path.dirname(file), name).replace(/\.ts$/, '.js');
      if (!spec.startsWith('.')) spec = `./${spec}`;
      return typeOnly
        ? `import type * as t${i} from '${spec}';\nexport type Use${i} = typeof t${i};`
        : `import * as m${i} from '${spec}';\nexport const use${i} = m${i};`;
    });
    await fs.mkdir(path.join(at, path.dirname(file)), { recursive: true });
    await fs.writeFile(path.join(at, file), `${lines.join('\n')}\nexport const here = '${file}';\n`);
  }
}

function cruise(at: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [depcruise, 'src', '--config', config, '--output-type', 'err-long'], { cwd: at }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr });
    });
  });
}

describe('import rules (dependency-cruiser)', () => {
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'boundaries-'));
  });
  after(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('passes a tree that keeps every rule', async () => {
    const at = path.join(dir, 'good');
    await writeTree(at, good);
    const { code, output } = await cruise(at);
    assert.equal(code, 0, output);
    assert.match(output, /no dependency violations found/);
  });

  for (const { rule, tree } of breaks) {
    it(`fails on ${rule}, naming the rule and saying what to do`, async () => {
      const at = path.join(dir, rule);
      await writeTree(at, { ...good, ...tree });
      const { code, output } = await cruise(at);
      assert.notEqual(code, 0, output);
      assert.match(output, new RegExp(`error ${rule}:`));
      // err-long prints the rule's explanation under the violation: the readable part.
      const comment = rules.find((r) => r.name === rule)?.comment;
      assert.ok(comment, `${rule} is a rule of the config`);
      assert.ok(oneLine(output).includes(oneLine(comment)), output);
      for (const other of breaks.map((b) => b.rule).filter((r) => r !== rule)) {
        assert.doesNotMatch(output, new RegExp(`error ${other}:`), `only ${rule} fires`);
      }
    });
  }
});
