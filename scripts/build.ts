// `npm run build`: compiles the app (src/, the .tsx views included) to JavaScript in dist/ with tsc
// (tsconfig.build.json) and copies the static files beside it, so production runs `node
// dist/main.js` and no runtime transpiler (issue 11; Node's own type stripping can't handle .tsx).
//   node scripts/build.ts              always builds
//   node scripts/build.ts --if-stale   builds only when something under src/ (or the compiler
//                                      settings, or the installed packages) is newer than the last build
// Runs on Node's type stripping (no imports of the project's own files), so it needs nothing built.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIST = path.join(ROOT, 'dist');
/** Written last: a build that stopped half-way leaves no stamp, so the next start builds again. */
const STAMP = path.join(DIST, '.build-stamp');
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

function newestMtime(file: string): number {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes its directory's mtime
  for (const entry of fs.readdirSync(file)) newest = Math.max(newest, newestMtime(path.join(file, entry)));
  return newest;
}

export function isStale(): boolean {
  const built = fs.statSync(STAMP, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  return INPUTS.some((input) => newestMtime(path.join(ROOT, input)) > built);
}

export function build(): void {
  const started = Date.now();
  fs.rmSync(DIST, { recursive: true, force: true }); // no compiled file outlives its source
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  fs.cpSync(path.join(ROOT, 'src/web/static'), path.join(DIST, 'web/static'), { recursive: true });
  fs.writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  console.error(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  if (!process.argv.includes('--if-stale') || isStale()) build();
}
