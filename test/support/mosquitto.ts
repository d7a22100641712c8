// A Mosquitto broker of the test's own, on a free loopback port, that the test
// can stop and start again (the shared one from scripts/test is never touched).
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { freePort } from './main-process.js';

async function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export class OwnMosquitto {
  private child: ChildProcess | null = null;
  port = 0;

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (!this.port) this.port = await freePort();
    const child = spawn('mosquitto', ['-p', String(this.port)], { stdio: 'ignore' });
    this.child = child;
    const deadline = Date.now() + 10_000;
    while (!(await canConnect(this.port))) {
      if (child.exitCode !== null) throw new Error(`mosquitto exited with ${child.exitCode} (port ${this.port} taken?)`);
      if (Date.now() > deadline) throw new Error('mosquitto did not start within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}
