// Starts processes detached (they outlive the CLI), remembers them in pid files, and stops them.
// Nothing here knows about etcd or Patroni: components.ts describes each process.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface RunAs {
  user: string;
  uid: number;
  gid: number;
  home: string;
}

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string | undefined>;
  cwd: string;
  runAs?: RunAs | undefined;
  logFile: string;
  pidFile: string;
  /** Text that /proc/<pid>/cmdline must contain, so a reused pid is never taken for ours. */
  identity: string;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The OS user from /etc/passwd, or undefined when it does not exist. */
export function lookupUser(user: string): RunAs | undefined {
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${user}:`));
  if (!line) return undefined;
  const [, , uid, gid, , home] = line.split(':');
  return { user, uid: Number(uid), gid: Number(gid), home: home ?? '/' };
}

/** A directory owned by `owner` (when we are root) with the given mode. */
export function ownedDir(dir: string, owner: RunAs | undefined, mode = 0o700): void {
  fs.mkdirSync(dir, { recursive: true });
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  fs.chmodSync(dir, mode);
}

export function ownedFile(file: string, text: string, owner: RunAs | undefined, mode = 0o600): void {
  fs.writeFileSync(file, text, { mode });
  fs.chmodSync(file, mode);
  if (owner) fs.chownSync(file, owner.uid, owner.gid);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // A zombie has exited; only its parent has not collected it yet.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/** The pid of a running process whose cmdline contains `identity`, as recorded in `pidFile`. */
export function pidFromFile(pidFile: string, identity: string): number | undefined {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(pidFile, 'utf8').trim().split('\n')[0]);
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  return cmdline(pid).includes(identity) ? pid : undefined;
}

export const livePid = (spec: ProcessSpec): number | undefined => pidFromFile(spec.pidFile, spec.identity);

export function spawnDetached(spec: ProcessSpec): number {
  fs.mkdirSync(path.dirname(spec.logFile), { recursive: true });
  fs.mkdirSync(path.dirname(spec.pidFile), { recursive: true });
  const log = fs.openSync(spec.logFile, 'a');
  fs.writeSync(log, `\n=== ${new Date().toISOString()} starting ${spec.name}: ${spec.command} ${spec.args.join(' ')}\n`);
  try {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true, // own process group: a Ctrl-C in the terminal does not reach it
      stdio: ['ignore', log, log],
      ...(spec.runAs ? { uid: spec.runAs.uid, gid: spec.runAs.gid } : {}),
    });
    if (child.pid === undefined) throw new Error(`could not start ${spec.name} (${spec.command})`);
    child.on('error', () => {}); // reported through the missing process instead
    child.unref();
    fs.writeFileSync(spec.pidFile, `${child.pid}\n`);
    return child.pid;
  } finally {
    fs.closeSync(log);
  }
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  { timeoutMs, intervalMs = 250 }: { timeoutMs: number; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** Sends `signal`; for anything but SIGKILL, escalates to SIGKILL after `timeoutMs`. */
export async function terminate(pid: number, signal: NodeJS.Signals, timeoutMs: number): Promise<'exited' | 'killed'> {
  try {
    process.kill(pid, signal);
  } catch {
    return 'exited';
  }
  const deadline = Date.now() + (signal === 'SIGKILL' ? 5000 : timeoutMs);
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return 'exited';
    await sleep(100);
  }
  if (signal !== 'SIGKILL') {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      return 'exited';
    }
  }
  await waitFor(`pid ${pid} to die`, () => !isAlive(pid) || undefined, { timeoutMs: 5000, intervalMs: 50 });
  return 'killed';
}

export function portOpen(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The last `n` lines of a log file, for error messages. */
export function tail(file: string, n = 15): string {
  try {
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    return lines.slice(-n).join('\n');
  } catch {
    return '(no log)';
  }
}
