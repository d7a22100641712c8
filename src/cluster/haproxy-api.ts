// HAProxy's runtime API (the admin socket): which servers each proxy sees as UP right now.
import net from 'node:net';

export interface ServerState {
  proxy: string;
  server: string;
  status: string;
}

export function haproxyCommand(socket: string, command: string, timeoutMs = 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    const conn = net.connect(socket);
    let out = '';
    conn.setTimeout(timeoutMs, () => {
      conn.destroy();
      reject(new Error('HAProxy admin socket timed out'));
    });
    conn.on('connect', () => conn.write(`${command}\n`));
    conn.on('data', (chunk) => (out += chunk.toString()));
    conn.on('end', () => resolve(out));
    conn.on('error', reject);
  });
}

/** Server rows of `show stat` (frontends and backend totals left out). */
export async function serverStates(socket: string): Promise<ServerState[]> {
  const csv = await haproxyCommand(socket, 'show stat');
  const [header = '', ...rows] = csv.trim().split('\n');
  const cols = header.replace(/^# /, '').split(',');
  const at = (name: string) => cols.indexOf(name);
  return rows
    .map((row) => row.split(','))
    .filter((f) => f[at('svname')] !== 'FRONTEND' && f[at('svname')] !== 'BACKEND')
    .map((f) => ({ proxy: f[at('pxname')] ?? '', server: f[at('svname')] ?? '', status: f[at('status')] ?? '' }));
}
