// The customer's hot paths, each as one request the load tool repeats. Signed-in scenarios rotate
// through the bench's customers, so no single session or basket is hammered; the pages carry the
// session in the `sid` cookie (as a browser does), the API in a Bearer header (as the app does).
// Anonymous requests carry no cookie: a first visit, or an API client that keeps none.
import { randomBytes } from 'node:crypto';
import type { ScenarioRequest } from './ceiling.js';

export interface Customer {
  token: string;
  /** A visitor cookie of its own, so signed-in pages are not answered with a fresh one each time. */
  visitorId: string;
}

export interface Scenario {
  name: string;
  /** The key of its latency target in targets.ts, if it has one. */
  target?: string;
  /** The i-th request of a run (i counts from 0 across the whole run, all connections). */
  request(i: number): ScenarioRequest;
}

const STORE = 'colchester';
const milks = ['semi-skimmed', 'skimmed', 'whole', 'oat', 'almond', 'soy', 'coconut'];
const coffees = ['latte', 'cappuccino', 'flat-white', 'americano', 'mocha'];

const get = (path: string, headers: Record<string, string> = {}): ScenarioRequest => ({ method: 'GET', path, headers });

export function scenarios(customers: Customer[]): Scenario[] {
  const who = (i: number) => customers[i % customers.length]!;
  const bearer = (i: number) => ({ authorization: `Bearer ${who(i).token}` });
  const cookie = (i: number) => ({ cookie: `sid=${who(i).token}; vid=${who(i).visitorId}` });
  // Adding comes before reading, so the basket read (and its recorded answer) has lines in it.
  return [
    { name: 'menu API, anonymous', target: 'menu API', request: () => get(`/api/v1/stores/${STORE}/menu`) },
    { name: 'menu API, signed in', request: (i) => get(`/api/v1/stores/${STORE}/menu`, bearer(i)) },
    { name: 'menu page, anonymous', target: 'menu page', request: () => get(`/stores/${STORE}`) },
    { name: 'menu page, signed in', request: (i) => get(`/stores/${STORE}`, cookie(i)) },
    { name: 'product page, anonymous', target: 'product page', request: () => get(`/stores/${STORE}/products/latte`) },
    { name: 'product page, signed in', request: (i) => get(`/stores/${STORE}/products/latte`, cookie(i)) },
    {
      name: 'add to basket',
      target: 'add to basket API',
      // A different customisation every few requests, so baskets stay realistic (about 20 lines at most).
      request: (i) => ({
        method: 'POST',
        path: '/api/v1/basket/lines',
        headers: { ...bearer(i), 'content-type': 'application/json' },
        body: JSON.stringify({
          product: coffees[Math.floor(i / customers.length) % coffees.length],
          options: { milk: milks[Math.floor(i / (customers.length * 5)) % milks.length] },
          quantity: 1,
        }),
      }),
    },
    { name: 'basket read', target: 'basket API', request: (i) => get('/api/v1/basket', bearer(i)) },
  ];
}

/** Registers and signs in `count` customers, each with a basket at the bench's store. */
export async function signUpCustomers(base: string, count: number, tag: string): Promise<Customer[]> {
  const json = { 'content-type': 'application/json' };
  const customers: Customer[] = [];
  for (let i = 0; i < count; i++) {
    const email = `bench.${tag}.${i}@alpaca.test`;
    const password = 'bench-password-1';
    const registered = await fetch(`${base}/api/v1/accounts`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ firstName: 'Bench', lastName: `${i}`, email, password }),
    });
    if (registered.status !== 201) throw new Error(`registering ${email}: ${registered.status} ${await registered.text()}`);
    const login = await fetch(`${base}/api/v1/sessions`, { method: 'POST', headers: json, body: JSON.stringify({ email, password }) });
    if (login.status !== 201) throw new Error(`signing in ${email}: ${login.status} ${await login.text()}`);
    const { token } = (await login.json()) as { token: string };
    const store = await fetch(`${base}/api/v1/basket/store`, {
      method: 'PUT',
      headers: { ...json, authorization: `Bearer ${token}` },
      body: JSON.stringify({ store: STORE }),
    });
    if (!store.ok) throw new Error(`choosing the store for ${email}: ${store.status} ${await store.text()}`);
    customers.push({ token, visitorId: randomBytes(24).toString('base64url') });
  }
  return customers;
}
