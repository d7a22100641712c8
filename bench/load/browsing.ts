// Browsing customers: people who only look. Anonymous ones read the store list, a store's menu page,
// product pages and the menu API; signed-in ones (a session cookie, one past order) read the same
// pages, whose header needs their session and basket count, plus their account page (past orders)
// and one past order's page. Each page view is one request, like a browser's: no retry of their own,
// so any error answer is a failed page. What they measure is how long reading ever stops.
import http from 'node:http';

export interface BrowseStats {
  requests: number;
  failed: number;
  /** Pages whose header said they may be a few seconds old (served from a replica). */
  stalePages: number;
  /** Completion times of answered pages (epoch ms), and how long each took. */
  done: number[];
  latencies: number[];
  errorAnswers: Record<string, number>;
  failures: { page: string; status: number | string; body: string; at: number }[];
}

export const newBrowseStats = (): BrowseStats => ({ requests: 0, failed: 0, stalePages: 0, done: [], latencies: [], errorAnswers: {}, failures: [] });

const REQUEST_TIMEOUT_MS = 70_000; // above HAProxy's timeout server (65 s)
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface BrowserSetup {
  store: string;
  productSlugs: string[];
  /** A signed-in browser's session token (sent as the `sid` cookie) and one of its past orders. */
  session?: { token: string; orderId: string };
}

export class BrowsingCustomer {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1, timeout: 5_000 });
  private cookies = new Map<string, string>();

  constructor(
    private readonly base: URL,
    private readonly stats: BrowseStats,
    private readonly setup: BrowserSetup,
  ) {
    if (setup.session) this.cookies.set('sid', setup.session.token);
  }

  get signedIn(): boolean {
    return this.setup.session !== undefined;
  }

  close(): void {
    this.agent.destroy();
  }

  private keepCookies(header: string[] | undefined): void {
    for (const line of header ?? []) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      if (at > 0) this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  }

  /** One page view; returns false when it failed. */
  private view(path: string, accept: 'html' | 'json'): Promise<boolean> {
    const headers: Record<string, string> = { accept: accept === 'html' ? 'text/html' : 'application/json' };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const t0 = Date.now();
    this.stats.requests++;
    return new Promise((resolve) => {
      const settle = (status: number, body: string) => {
        const done = Date.now();
        const ok = status >= 200 && status < 300;
        if (ok) {
          this.stats.done.push(done);
          this.stats.latencies.push(done - t0);
          if (accept === 'html' && body.includes('data-stale')) this.stats.stalePages++;
        } else {
          const label = status === 0 ? 'conn' : String(status);
          this.stats.errorAnswers[label] = (this.stats.errorAnswers[label] ?? 0) + 1;
          this.stats.failed++;
          if (this.stats.failures.length < 20) this.stats.failures.push({ page: path, status: status || 'conn', body: body.slice(0, 300), at: done });
        }
        resolve(ok);
      };
      const req = http.request(
        { host: this.base.hostname, port: this.base.port, method: 'GET', path, headers, agent: this.agent, timeout: REQUEST_TIMEOUT_MS },
        (res) => {
          this.keepCookies(res.headers['set-cookie']);
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => settle(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
          res.on('error', (err) => settle(0, String(err)));
        },
      );
      req.on('timeout', () => req.destroy(new Error('request timed out')));
      req.on('error', (err) => settle(0, `${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}`));
      req.end();
    });
  }

  private async look(): Promise<void> {
    await sleep(30 + Math.random() * 70);
  }

  /** One visit: the stores, a store's menu, two products, and for a signed-in customer their orders. */
  async visit(): Promise<void> {
    const { store, productSlugs, session } = this.setup;
    const product = () => productSlugs[Math.floor(Math.random() * productSlugs.length)] ?? '';
    const pages: [string, 'html' | 'json'][] = [
      ['/stores', 'html'],
      [`/stores/${store}`, 'html'],
      [`/stores/${store}/products/${product()}`, 'html'],
      [`/api/v1/stores/${store}/menu`, 'json'],
      [`/stores/${store}/products/${product()}`, 'html'],
      ...(session
        ? ([
            ['/account', 'html'],
            [`/orders/${session.orderId}`, 'html'],
          ] as [string, 'html' | 'json'][])
        : []),
    ];
    for (const [path, accept] of pages) {
      await this.view(path, accept);
      await this.look();
    }
  }
}
