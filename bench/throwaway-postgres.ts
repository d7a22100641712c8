// `npm run bench -- --postgres`: a throwaway PostgreSQL 15 for the app under the bench, started the
// way scripts/test starts its own (initdb with trust auth, loopback only, run as the `postgres` user
// when we are root) and deleted afterwards. Durability stays on: unlike the test server, this one
// stands in for production, whose commits wait for the disk.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './app-process.js';

const run = promisify(execFile);
const PG_BIN = '/usr/lib/postgresql/15/bin';

export interface ThrowawayPostgres {
  url: string;
  stop(): Promise<void>;
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const root = process.getuid?.() === 0;
  const asPostgres = (command: string, args: string[]) => (root ? run('runuser', ['-u', 'postgres', '--', command, ...args]) : run(command, args));
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'alpaca-bench-pg-'));
  if (root) await run('chown', ['postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  const port = await freePort();
  const stop = async () => {
    await asPostgres(`${PG_BIN}/pg_ctl`, ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => {});
    await fs.rm(dir, { recursive: true, force: true });
  };
  try {
    await asPostgres(`${PG_BIN}/initdb`, ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    await asPostgres(`${PG_BIN}/pg_ctl`, [
      '-D',
      data,
      '-l',
      path.join(dir, 'pg.log'),
      '-w',
      '-t',
      '60',
      'start',
      '-o',
      `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c max_connections=100`,
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
}
