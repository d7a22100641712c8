// `logs [component]`: follow one component's log, or all of them.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { allComponents, component, topology } from './components.js';
import { runPaths } from './topology.js';

export function followLogs(name: string | undefined, lines: number, follow: boolean): Promise<number> {
  const files = (name ? [component(name)] : allComponents()).map((c) => c.spec.logFile).filter((f) => fs.existsSync(f));
  if (files.length === 0) {
    console.error(`no logs yet under ${runPaths(topology()).logs}`);
    return Promise.resolve(1);
  }
  const args = ['-n', String(lines), ...(follow ? ['-F'] : []), ...files];
  return new Promise((resolve) => {
    const child = spawn('tail', args, { stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 0));
  });
}
