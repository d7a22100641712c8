// The security summary's raw figures (issue 15 item 8): the fuzz and the permission matrix each write
// what they checked as JSON into SECURITY_DIR (set by scripts/test per engine); security-report.ts
// adds them up after the suite. Without SECURITY_DIR (a test run by hand) nothing is written.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export interface FuzzRecord {
  kind: 'fuzz';
  seed: number;
  runsPerRoute: number;
  routes: number;
  callers: string[];
  /** Generated requests sent. */
  cases: number;
  status5xx: number;
  /** Requests the app threw out of, or never answered, and uncaught errors in the process. */
  crashes: number;
  /** Rejected (4xx) requests that wrote anything but throttle counters or a failed login's audit. */
  unintendedWrites: number;
  seconds: number;
  /** False until the fuzz ends: a record left false means the process died on the way. */
  finished: boolean;
}

export interface AuthorisationRecord {
  kind: 'authorisation';
  routes: number;
  roles: number;
  /** Route × role calls whose outcome was checked against the matrix. */
  cases: number;
  failures: number;
}

export type SecurityRecord = FuzzRecord | AuthorisationRecord;

/** A writer for one record of this process, rewritten as the figures grow. */
export function securityRecorder(kind: SecurityRecord['kind']): (record: SecurityRecord) => void {
  const dir = process.env['SECURITY_DIR'];
  if (!dir) return () => {};
  const file = path.join(dir, `${kind}-${process.pid}-${randomBytes(4).toString('hex')}.json`);
  return (record) => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(record));
  };
}
