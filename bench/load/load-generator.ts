// Customers through the front door, from a process of their own: each ordering customer browses the
// stores and a menu, builds a basket, places the order with an Idempotency-Key and checks in, again
// and again, until told to stop; beside them, browsing customers (browsing.ts) only read pages, half
// of them signed in. Every figure a drill reports about customers comes from here, and the
// benchmarks' mixed profile drives the same customers (one generator of journeys, not two).
//
//   node --import tsx bench/load/load-generator.ts [--base http://127.0.0.1:8080] [--customers 6]
//        [--browsers 0] [--seconds 20] [--max-requests 20000] [--store colchester] [--tag manual]
//
// Run by hand it stops after --seconds and prints one JSON line. Forked by a drill
// (test/cluster/drill-harness.ts) it says {type:'ready'} once its customers are logged in,
// stops on {type:'stop'} and sends back its figures and the orders it saw acknowledged.
// Bounded in time and count, and it refuses any address but loopback.
//
// The client behaves like a careful mobile app: every write carries an Idempotency-Key (so
// HAProxy may replay it), and on a connection error, 502, 503 or 504 it sends the same request
// again — same body, same key — for up to 30 s. Those client retries are counted and reported,
// apart from the failures: an action fails when its final answer is an error.
import http from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { BrowsingCustomer, newBrowseStats, type BrowseStats } from './browsing.js';

export interface AcknowledgedOrder {
  id: string;
  key: string;
  email: string;
  /** totalPence in the 201 answer. */
  totalPence: number;
  /** What the customer's own basket added up to, from the menu prices. */
  expectedPence: number;
  /** When the 201 arrived (epoch ms). */
  at: number;
}

export interface LoadFigures {
  customers: number;
  durationS: number;
  /** HTTP requests sent, client retries included. */
  requests: number;
  /** Customer actions (a page view, a basket add, placing an order, ...). */
  actions: number;
  /** Actions whose final answer was an error (after the client's own retries). */
  failed: number;
  /** Extra requests the client sent after a connection error, 502, 503 or 504. */
  clientRetries: number;
  /** Every non-2xx answer and connection error seen, by status ("conn" for no answer). */
  errorAnswers: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Longest stretch with no write acknowledged, while customers kept writing. */
  writePauseS: number;
  /** When that stretch began and ended (epoch ms: the last write before it, the first after). */
  writePauseWindow: [number, number];
  /** Longest stretch with no read answered. */
  readPauseS: number;
  writes: number;
  ordersPlaced: number;
  checkIns: number;
  /** Baskets whose total differed from the sum of what the customer added (a doubled add). */
  basketMismatches: number;
  failures: { action: string; status: number | string; body: string; at: number }[];
  acknowledged: AcknowledgedOrder[];
  /** The customers' accounts (to find their orders in the database). */
  emails: string[];
  /** Idempotency keys of orders whose placement got no acknowledgement. */
  unacknowledgedKeys: string[];
  /** The browsing customers' figures (all zero when there were none). */
  browsing: BrowsingFigures;
}

export interface BrowsingFigures {
  browsers: number;
  signedIn: number;
  requests: number;
  failed: number;
  /** Longest stretch in which no browsing customer got a page (as `readPauseS` is for ordering customers). */
  gapS: number;
  /** Longest a single page took (reported beside it: on a loaded machine one page can take a second). */
  maxWaitS: number;
  /** The read pause: the longest stretch with no page answered, the same measure as the ordering customers'. */
  readPauseS: number;
  /** When that stretch began and ended (epoch ms), to set it beside the fault's own times. */
  readPauseWindow: [number, number];
  p50Ms: number;
  p99Ms: number;
  /** Pages that said they may be a few seconds old (read from a replica while the writer was away). */
  stalePages: number;
  errorAnswers: Record<string, number>;
  failures: BrowseStats['failures'];
}

interface Options {
  base: string;
  customers: number;
  /** Browsing customers beside the ordering ones; the odd ones are signed in. */
  browsers: number;
  seconds: number;
  maxRequests: number;
  store: string;
  tag: string;
}

const PASSWORD = 'drill-customer-password';
const RETRYABLE = new Set([502, 503, 504]);
const CLIENT_RETRY_BUDGET_MS = 30_000;
const REQUEST_TIMEOUT_MS = 70_000; // above HAProxy's timeout server (65 s)
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)] as T;

export function loopbackOnly(base: string): URL {
  const url = new URL(base);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!(host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host))) {
    throw new Error(`the load generator only targets loopback addresses, not ${url.hostname}`);
  }
  return url;
}

interface Answer {
  status: number;
  body: string;
  // biome-ignore lint/suspicious/noExplicitAny: the customer reads JSON answers loosely; the drills' checks judge them
  json(): any;
}

export class Stats {
  requests = 0;
  actions = 0;
  failed = 0;
  clientRetries = 0;
  errorAnswers: Record<string, number> = {};
  latencies: number[] = [];
  writeDone: number[] = [];
  readDone: number[] = [];
  ordersPlaced = 0;
  checkIns = 0;
  basketMismatches = 0;
  failures: LoadFigures['failures'] = [];
  acknowledged: AcknowledgedOrder[] = [];
  unacknowledgedKeys: string[] = [];
  started = Date.now();
  /** Set when the customers start their journeys (after logging in). */
  loadStarted = 0;
  browse: BrowseStats = newBrowseStats();
  browsers = 0;
  signedInBrowsers = 0;
  /** When the last browsing customer stopped (the ordering ones may finish a journey after it). */
  browsingEnded = 0;
}

interface Menu {
  categories: {
    products: {
      slug: string;
      pricePence: number;
      available: boolean;
      groups: {
        slug: string;
        selection: 'single' | 'multi';
        required: boolean;
        max: number | null;
        options: { slug: string; priceDeltaPence: number; available: boolean }[];
      }[];
    }[];
  }[];
}

export class Customer {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1, timeout: 5_000 });
  token = '';

  constructor(
    readonly email: string,
    private readonly base: URL,
    private readonly stats: Stats,
  ) {}

  close(): void {
    this.agent.destroy();
  }

  /** One HTTP request; a connection error comes back as status 0. */
  private request(method: string, path: string, body: unknown, key: string | undefined): Promise<Answer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers['authorization'] = `Bearer ${this.token}`;
    if (payload !== undefined) headers['content-type'] = 'application/json';
    if (key) headers['idempotency-key'] = key;
    return new Promise((resolve) => {
      const req = http.request(
        { host: this.base.hostname, port: this.base.port, method, path, headers, agent: this.agent, timeout: REQUEST_TIMEOUT_MS },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, body: text, json: () => JSON.parse(text) });
          });
          res.on('error', (err) => resolve({ status: 0, body: String(err), json: () => ({}) }));
        },
      );
      req.on('timeout', () => req.destroy(new Error('request timed out')));
      req.on('error', (err) => resolve({ status: 0, body: `${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}`, json: () => ({}) }));
      req.end(payload);
    });
  }

  /**
   * One customer action: the request, and the client's own retries of it (same body, same
   * Idempotency-Key) after a connection error, 502, 503 or 504. `accept` names the business
   * answers that are not failures (e.g. a 404 when deleting a line a retry already deleted).
   */
  async act(
    name: string,
    kind: 'read' | 'write',
    method: string,
    path: string,
    body?: unknown,
    accept: (status: number, retried: boolean) => boolean = () => false,
    idempotencyKey?: string,
  ): Promise<Answer | undefined> {
    const key = kind === 'write' ? (idempotencyKey ?? `drill-${randomUUID()}`) : undefined;
    const t0 = Date.now();
    let retried = false;
    for (let attempt = 0; ; attempt++) {
      this.stats.requests++;
      const answer = await this.request(method, path, body, key);
      const ok = (answer.status >= 200 && answer.status < 400) || (answer.status > 0 && accept(answer.status, retried));
      if (!ok) {
        const label = answer.status === 0 ? 'conn' : String(answer.status);
        this.stats.errorAnswers[label] = (this.stats.errorAnswers[label] ?? 0) + 1;
      }
      const retryable = answer.status === 0 || RETRYABLE.has(answer.status);
      if (!ok && retryable && Date.now() - t0 < CLIENT_RETRY_BUDGET_MS) {
        this.stats.clientRetries++;
        retried = true;
        await sleep(Math.min(250 * 2 ** attempt, 2_000));
        continue;
      }
      const done = Date.now();
      this.stats.actions++;
      if (!ok) {
        this.stats.failed++;
        if (this.stats.failures.length < 20) {
          this.stats.failures.push({ action: `${name} ${method} ${path}`, status: answer.status || 'conn', body: answer.body.slice(0, 300), at: done });
        }
        return undefined;
      }
      this.stats.latencies.push(done - t0);
      (kind === 'write' ? this.stats.writeDone : this.stats.readDone).push(done);
      return answer;
    }
  }

  async logIn(): Promise<void> {
    const registered = await this.request(
      'POST',
      '/api/v1/accounts',
      { firstName: 'Drill', lastName: 'Customer', email: this.email, password: PASSWORD },
      undefined,
    );
    if (registered.status !== 201) throw new Error(`registering ${this.email}: ${registered.status} ${registered.body}`);
    const session = await this.request('POST', '/api/v1/sessions', { email: this.email, password: PASSWORD }, undefined);
    if (session.status !== 201) throw new Error(`logging in ${this.email}: ${session.status} ${session.body}`);
    this.token = session.json().token;
  }

  private async think(): Promise<void> {
    await sleep(20 + Math.random() * 80);
  }

  /** Browse, build a basket, order, check in. Gives up on the journey at the first failed action. */
  async journey(store: string): Promise<void> {
    if (!(await this.act('stores', 'read', 'GET', '/api/v1/stores'))) return;
    await this.think();
    const menuAnswer = await this.act('menu', 'read', 'GET', `/api/v1/stores/${store}/menu`);
    if (!menuAnswer) return;
    const menu = menuAnswer.json() as Menu;
    await this.think();

    // Whatever an abandoned journey left in the basket goes first.
    const before = await this.act('basket', 'read', 'GET', '/api/v1/basket');
    if (!before) return;
    for (const line of before.json().lines as { id: number }[]) {
      // A 404 is "already gone": what removing it wanted (a replayed DELETE finds it deleted).
      if (!(await this.act('remove line', 'write', 'DELETE', `/api/v1/basket/lines/${line.id}`, undefined, (s) => s === 404))) return;
    }
    if (!(await this.act('choose store', 'write', 'PUT', '/api/v1/basket/store', { store }))) return;
    await this.think();

    const products = menu.categories.flatMap((c) => c.products).filter((p) => p.available);
    let expected = 0;
    const chosen = new Set<string>();
    for (let i = 0; i < 1 + Math.floor(Math.random() * 2); i++) {
      const product = pick(products);
      const options: Record<string, string | string[]> = {};
      let unit = product.pricePence;
      for (const group of product.groups) {
        const available = group.options.filter((o) => o.available);
        if (available.length === 0) continue;
        if (group.required || (group.selection === 'single' && Math.random() < 0.3)) {
          const option = pick(available);
          options[group.slug] = group.selection === 'single' ? option.slug : [option.slug];
          unit += option.priceDeltaPence;
        } else if (group.selection === 'multi' && Math.random() < 0.3) {
          const option = pick(available);
          options[group.slug] = [option.slug];
          unit += option.priceDeltaPence;
        }
      }
      const signature = `${product.slug} ${JSON.stringify(Object.entries(options).sort())}`;
      if (chosen.has(signature)) continue; // the same line twice would merge: keep the sum simple
      chosen.add(signature);
      const quantity = 1 + Math.floor(Math.random() * 3);
      if (!(await this.act('add line', 'write', 'POST', '/api/v1/basket/lines', { product: product.slug, options, quantity }))) return;
      expected += unit * quantity;
      await this.think();
    }

    const basket = await this.act('basket', 'read', 'GET', '/api/v1/basket');
    if (!basket) return;
    if (basket.json().totalPence !== expected) {
      this.stats.basketMismatches++;
      if (this.stats.failures.length < 20) {
        this.stats.failures.push({ action: 'basket total', status: 'mismatch', body: `expected ${expected}: ${basket.body.slice(0, 250)}`, at: Date.now() });
      }
      return;
    }
    await this.think();

    const orderKey = `order-${randomUUID()}`;
    const placed = await this.placeOrder(orderKey);
    if (!placed) {
      this.stats.unacknowledgedKeys.push(orderKey);
      return;
    }
    const order = placed.json().order as { id: string; totalPence: number };
    this.stats.ordersPlaced++;
    this.stats.acknowledged.push({ id: order.id, key: orderKey, email: this.email, totalPence: order.totalPence, expectedPence: expected, at: Date.now() });
    await this.think();

    if (!(await this.act('order', 'read', 'GET', `/api/v1/orders/${order.id}`))) return;
    await this.think();
    // A repeated "I'm here" is answered with the order as it is; a 409 after a retry is the
    // business answer for an order our own first attempt already moved on.
    const checkedIn = await this.act('check in', 'write', 'POST', `/api/v1/orders/${order.id}/check-in`, undefined, (s, retried) => s === 409 && retried);
    if (checkedIn) this.stats.checkIns++;
    await this.think();
  }

  /** Placing an order: the customer's own Idempotency-Key, the same on every retry. */
  private placeOrder(key: string): Promise<Answer | undefined> {
    const body = { payment: { card: '4242424242424242', expiry: '12/30', cvc: '123' } };
    return this.act('place order', 'write', 'POST', '/api/v1/orders', body, () => false, key);
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** The longest gap between consecutive completions, from the start of the load to its end. */
function longestGap(times: number[], from: number, to: number): { ms: number; from: number; to: number } {
  const all = [from, ...[...times].sort((a, b) => a - b), to];
  let gap = { ms: 0, from, to: from };
  for (let i = 1; i < all.length; i++) {
    const ms = (all[i] as number) - (all[i - 1] as number);
    if (ms > gap.ms) gap = { ms, from: all[i - 1] as number, to: all[i] as number };
  }
  return gap;
}

function browsingFiguresOf(stats: Stats, from: number, ended: number): BrowsingFigures {
  const { browse } = stats;
  const sorted = [...browse.latencies].sort((a, b) => a - b);
  const gap = stats.browsers ? longestGap(browse.done, from, Math.min(ended, stats.browsingEnded || ended)) : { ms: 0, from, to: from };
  const gapS = gap.ms / 1000;
  const maxWaitS = (sorted[sorted.length - 1] ?? 0) / 1000;
  return {
    browsers: stats.browsers,
    signedIn: stats.signedInBrowsers,
    requests: browse.requests,
    failed: browse.failed,
    gapS: Number(gapS.toFixed(2)),
    maxWaitS: Number(maxWaitS.toFixed(2)),
    readPauseS: Number(gapS.toFixed(2)),
    readPauseWindow: [gap.from, gap.to],
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    stalePages: browse.stalePages,
    errorAnswers: browse.errorAnswers,
    failures: browse.failures,
  };
}

export function figuresOf(stats: Stats, emails: string[], ended: number): LoadFigures {
  const sorted = [...stats.latencies].sort((a, b) => a - b);
  const from = stats.loadStarted || stats.started;
  const writePause = longestGap(stats.writeDone, from, ended);
  return {
    customers: emails.length - stats.signedInBrowsers,
    durationS: Number(((ended - from) / 1000).toFixed(1)),
    requests: stats.requests,
    actions: stats.actions,
    failed: stats.failed,
    clientRetries: stats.clientRetries,
    errorAnswers: stats.errorAnswers,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted[sorted.length - 1] ?? 0,
    writePauseS: Number((writePause.ms / 1000).toFixed(2)),
    writePauseWindow: [writePause.from, writePause.to],
    readPauseS: Number((longestGap(stats.readDone, from, ended).ms / 1000).toFixed(2)),
    writes: stats.writeDone.length,
    ordersPlaced: stats.ordersPlaced,
    checkIns: stats.checkIns,
    basketMismatches: stats.basketMismatches,
    failures: stats.failures,
    acknowledged: stats.acknowledged,
    emails,
    unacknowledgedKeys: stats.unacknowledgedKeys,
    browsing: browsingFiguresOf(stats, from, ended),
  };
}

/**
 * Browsing customers, ready to browse: the product slugs from the menu API, and for each signed-in
 * one an account with one order placed (their past order), through the same front door.
 */
async function browsingCustomers(options: Options, base: URL, id: string, stats: Stats): Promise<{ browsers: BrowsingCustomer[]; setup: Customer[] }> {
  if (options.browsers === 0) return { browsers: [], setup: [] };
  const res = await fetch(new URL(`/api/v1/stores/${options.store}/menu`, base));
  if (res.status !== 200) throw new Error(`reading the menu for the browsing customers: ${res.status}`);
  const menu = (await res.json()) as Menu;
  const productSlugs = menu.categories.flatMap((c) => c.products).map((p) => p.slug);
  const setupStats = new Stats();
  const signedIn = Array.from({ length: Math.floor(options.browsers / 2) }, (_, i) => new Customer(`browse.${id}.${i}@example.com`, base, setupStats));
  await Promise.all(
    signedIn.map(async (customer) => {
      await customer.logIn();
      for (let attempt = 0; attempt < 3 && !setupStats.acknowledged.some((a) => a.email === customer.email); attempt++) await customer.journey(options.store);
    }),
  );
  const browsers = Array.from({ length: options.browsers }, (_, i) => {
    const customer = i % 2 === 1 ? signedIn[(i - 1) / 2] : undefined;
    const order = customer && setupStats.acknowledged.find((a) => a.email === customer.email);
    if (customer && !order) throw new Error(`the signed-in browsing customer ${customer.email} could not place an order to look back at`);
    return new BrowsingCustomer(base, stats.browse, {
      store: options.store,
      productSlugs,
      ...(customer && order ? { session: { token: customer.token, orderId: order.id } } : {}),
    });
  });
  // Their past orders are acknowledged orders like any other: the drills check them too.
  stats.acknowledged.push(...setupStats.acknowledged);
  stats.browsers = browsers.length;
  stats.signedInBrowsers = signedIn.length;
  return { browsers, setup: signedIn };
}

/** Runs the customers until `stopSignal` resolves, the time is up or the request budget is spent. */
export async function runLoad(options: Options, ready: () => void, stopSignal: Promise<void>): Promise<LoadFigures> {
  const base = loopbackOnly(options.base);
  const stats = new Stats();
  let stop = false;
  const stopping = () => stop || stats.requests >= options.maxRequests;
  const id = `${options.tag}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const customers = Array.from({ length: options.customers }, (_, i) => new Customer(`drill.${id}.${i}@example.com`, base, stats));
  const [{ browsers, setup }] = await Promise.all([browsingCustomers(options, base, id, stats), ...customers.map((c) => c.logIn())]);
  stats.loadStarted = Date.now();
  ready();
  const deadline = setTimeout(() => (stop = true), options.seconds * 1000);
  void stopSignal.then(() => (stop = true));
  await Promise.all([
    ...customers.map(async (customer, i) => {
      await sleep(i * 50); // staggered, like real arrivals
      while (!stopping()) await customer.journey(options.store);
    }),
    (async () => {
      await Promise.all(
        browsers.map(async (browser, i) => {
          await sleep(25 + i * 50);
          while (!stopping()) await browser.visit();
        }),
      );
      stats.browsingEnded = Date.now();
    })(),
  ]);
  clearTimeout(deadline);
  const ended = Date.now();
  for (const c of [...customers, ...browsers, ...setup]) c.close();
  return figuresOf(
    stats,
    [...customers, ...setup].map((c) => c.email),
    ended,
  );
}

function cliOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      base: { type: 'string', default: 'http://127.0.0.1:8080' },
      customers: { type: 'string', default: '6' },
      browsers: { type: 'string', default: '0' },
      seconds: { type: 'string', default: '20' },
      'max-requests': { type: 'string', default: '20000' },
      store: { type: 'string', default: 'colchester' },
      tag: { type: 'string', default: 'manual' },
    },
  });
  const whole = (name: string, raw: string, max: number, min = 1) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
    return n;
  };
  return {
    base: values.base,
    customers: whole('customers', values.customers, 50),
    browsers: whole('browsers', values.browsers, 50, 0),
    // Never longer than ten minutes, whoever starts it.
    seconds: whole('seconds', values.seconds, 600),
    maxRequests: whole('max-requests', values['max-requests'], 200_000),
    store: values.store,
    tag: values.tag.replace(/[^a-z0-9-]/gi, '').slice(0, 20) || 'manual',
  };
}

const isMain = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const options = cliOptions(process.argv.slice(2));
  let release: () => void = () => {};
  const stopSignal = new Promise<void>((resolve) => (release = resolve));
  if (process.send) {
    process.on('message', (m: { type?: string }) => m?.type === 'stop' && release());
    process.on('disconnect', () => release()); // the drill went away: stop, never run on alone
  }
  process.on('SIGTERM', () => release());
  process.on('SIGINT', () => release());
  runLoad(options, () => process.send?.({ type: 'ready' }), stopSignal).then(
    (figures) => {
      if (process.send) {
        process.send({ type: 'figures', figures }, () => process.exit(0));
      } else {
        const { acknowledged, unacknowledgedKeys, emails, failures, browsing, ...line } = figures;
        console.log(JSON.stringify({ ...line, failures: failures.slice(0, 3), browsing: { ...browsing, failures: browsing.failures.slice(0, 3) } }));
        process.exit(0);
      }
    },
    (error: unknown) => {
      console.error(`load generator: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
