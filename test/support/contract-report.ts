// After an HTTP suite: sums up the API contract check (contract.ts) of every test process, prints
// the violations, their count and the coverage of operation × declared status, and exits 1 on any
// violation — and, on a full run, on any pair that no test exercised and contract-coverage.ts gives
// no reason for (decision 711). A run narrowed with TEST_FILES sees only some tests, so there the
// uncovered pairs are listed but do not fail it.
// Usage: node --import tsx test/support/contract-report.ts <CONTRACT_DIR> <suite label>
import fs from 'node:fs';
import path from 'node:path';
import type { ContractRecord } from './contract.js';
import { reasonFor } from './contract-coverage.js';

const [dir, label = 'HTTP tests'] = process.argv.slice(2);
if (!dir) throw new Error('usage: contract-report.ts <CONTRACT_DIR> [label]');
const documentFile = path.join(dir, 'openapi.json');
if (!fs.existsSync(documentFile)) {
  console.log(`=== API contract (${label}): no /api/v1 call was made ===`);
  process.exit(0);
}
const document = JSON.parse(fs.readFileSync(documentFile, 'utf8'));
const records: ContractRecord[] = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean))
  .map((line) => JSON.parse(line));

const exercised = new Set(records.filter((r) => r.operation).map((r) => `${r.operation} ${r.status}`));
const violations = records.filter((r) => r.violations.length > 0);

const pairs: { key: string; seen: boolean }[] = [];
for (const [template, methods] of Object.entries(document.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)) {
  for (const [method, operation] of Object.entries(methods)) {
    for (const status of Object.keys(operation.responses)) {
      const key = `${method} ${template} ${status}`;
      pairs.push({ key, seen: exercised.has(key) });
    }
  }
}
const seen = pairs.filter((p) => p.seen).length;

console.log(`=== API contract (${label}): ${records.length} responses from /api/v1 checked against the OpenAPI document ===`);
const distinct = new Map<string, number>();
for (const r of violations) {
  const key = `${r.method.toUpperCase()} ${r.operation ?? r.url} → ${r.status}: ${r.violations.join(' | ')}`;
  distinct.set(key, (distinct.get(key) ?? 0) + 1);
}
for (const [key, count] of distinct) console.log(`  VIOLATION ×${count} ${key}`);
console.log(`contract violations: ${violations.length}`);
const withReason = pairs.filter((p) => !p.seen && reasonFor(p.key));
const neither = pairs.filter((p) => !p.seen && !reasonFor(p.key));
console.log(
  `coverage: ${pairs.length} operation × declared status pairs: ${seen} exercised, ${withReason.length} not exercised with a reason, ${neither.length} with neither`,
);
for (const pair of withReason) console.log(`  not exercised: ${pair.key} (${reasonFor(pair.key)})`);
for (const pair of neither) console.log(`  NOT EXERCISED, NO REASON: ${pair.key}`);
// A reason for a pair a test did reach is no longer needed (not a failure: a race may reach it now and then).
for (const pair of pairs.filter((p) => p.seen && reasonFor(p.key))) console.log(`  note: ${pair.key} was exercised; its reason in contract-coverage.ts may go`);
let failed = false;
if (violations.length > 0) {
  console.error(`${violations.length} API responses break the OpenAPI document (above): fix the route or its schema.`);
  failed = true;
}
if (neither.length > 0) {
  if (process.env['TEST_FILES']) {
    console.log(`(a run narrowed by TEST_FILES: the ${neither.length} pairs with neither are not counted as a failure here)`);
  } else {
    console.error(
      `${neither.length} operation × declared status pairs are neither exercised by a test nor listed with a reason (above): write a test that reaches each, or give the reason it cannot be in test/support/contract-coverage.ts.`,
    );
    failed = true;
  }
}
if (failed) process.exit(1);
