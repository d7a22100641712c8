// After an HTTP suite: the security summary (issue 15 item 8) from the records the fuzz and the
// permission matrix wrote (security-record.ts). Exits 1 when a must-be-zero figure is not 0, when
// a fuzz run did not finish (the process died), or when fewer authorisation cases were checked than
// routes × roles. `--complete` (the whole suite ran) also requires both records to be there.
// Usage: node --import tsx test/support/security-report.ts <SECURITY_DIR> <suite label> [--complete]
import fs from 'node:fs';
import path from 'node:path';
import type { AuthorisationRecord, FuzzRecord, SecurityRecord } from './security-record.js';

const [dir, label = 'HTTP tests', flag] = process.argv.slice(2);
if (!dir) throw new Error('usage: security-report.ts <SECURITY_DIR> [label] [--complete]');
const records: SecurityRecord[] = fs.existsSync(dir)
  ? fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')))
  : [];
const fuzz = records.filter((r): r is FuzzRecord => r.kind === 'fuzz');
const auth = records.filter((r): r is AuthorisationRecord => r.kind === 'authorisation');
const sum = <T>(list: T[], pick: (r: T) => number) => list.reduce((n, r) => n + pick(r), 0);
const problems: string[] = [];

console.log(`=== security summary (${label}) ===`);
if (fuzz.length === 0) {
  console.log('bad inputs tried: none (the fuzz, test/web/fuzz.http.test.ts, was not in this run)');
  if (flag === '--complete') problems.push('the fuzz did not run');
} else {
  const cases = sum(fuzz, (r) => r.cases);
  const unfinished = fuzz.filter((r) => !r.finished).length;
  const crashes = sum(fuzz, (r) => r.crashes) + unfinished;
  const status5xx = sum(fuzz, (r) => r.status5xx);
  const writes = sum(fuzz, (r) => r.unintendedWrites);
  for (const r of fuzz) {
    console.log(
      `bad inputs tried: ${r.cases} generated requests, ${r.runsPerRoute} per route over ${r.routes} routes, as ${r.callers.join(', ')}; seed ${r.seed}; ${r.seconds.toFixed(0)} s${r.finished ? '' : ' (DID NOT FINISH)'}`,
    );
  }
  console.log(`5xx answers: ${status5xx} (must be 0)`);
  console.log(`crashes: ${crashes} (must be 0: thrown out of the app, no answer, uncaught errors, a run that never finished)`);
  console.log(`unintended writes: ${writes} (must be 0: a rejected request writing more than throttle counters or a failed login's audit)`);
  if (status5xx > 0) problems.push(`${status5xx} answers were 5xx`);
  if (crashes > 0) problems.push(`${crashes} crashes`);
  if (writes > 0) problems.push(`${writes} rejected requests wrote to the database`);
  if (cases === 0) problems.push('the fuzz sent no request');
}
if (auth.length === 0) {
  console.log('authorisation cases checked: none (test/web/permission-matrix.http.test.ts was not in this run)');
  if (flag === '--complete') problems.push('the permission matrix did not run');
} else {
  for (const r of auth) {
    const needed = r.routes * r.roles;
    console.log(`authorisation cases checked: ${r.cases} (every route × every role: ${r.routes} × ${r.roles} = ${needed}), ${r.failures} wrong`);
    if (r.cases < needed) problems.push(`only ${r.cases} of ${needed} route × role cases were checked`);
    if (r.failures > 0) problems.push(`${r.failures} route × role cases were wrong`);
  }
}
if (problems.length > 0) {
  console.error(`security summary (${label}) fails: ${problems.join('; ')}`);
  process.exit(1);
}
