// What every route shares: the OpenAPI document, health checks, 404s, the error
// envelope for framework errors, security headers and cookie flags.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, startTestApp, type TestApp } from '../support/test-app.js';
import { assertApiError } from '../support/api.js';

const FOUNDATION_OPERATIONS = [
  'post /api/v1/accounts',
  'post /api/v1/sessions',
  'delete /api/v1/sessions/current',
  'get /api/v1/stores',
  'get /api/v1/stores/{store}/menu',
  'get /api/v1/basket',
  'put /api/v1/basket/store',
  'post /api/v1/basket/lines',
  'patch /api/v1/basket/lines/{id}',
  'delete /api/v1/basket/lines/{id}',
];

describe('app basics', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('serves a valid OpenAPI document with every §5 foundation operation, its schemas and errors', async () => {
    const response = await t.app.inject({ url: '/api/openapi.json' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /application\/json/);
    const doc = JSON.parse(response.body);
    assert.match(doc.openapi, /^3\./);
    assert.equal(doc.info.title, 'Alpaca Cafe API');
    const operations = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m} ${path}`),
    );
    for (const op of FOUNDATION_OPERATIONS) assert.ok(operations.includes(op), `missing ${op}`);
    assert.ok(
      operations.every((op) => op.split(' ')[1]!.startsWith('/api/')),
      'only API routes are documented',
    );
    const addLine = doc.paths['/api/v1/basket/lines'].post;
    assert.deepEqual(Object.keys(addLine.requestBody.content), ['application/json']);
    assert.ok(addLine.responses['201'].content['application/json'].schema.properties.lines);
    assert.ok(addLine.responses['400'].content['application/json'].schema.properties.error.properties.fields);
    assert.deepEqual(doc.paths['/api/v1/basket'].get.security, [{ bearer: [] }, { session: [] }]);
    assert.equal(doc.components.securitySchemes.bearer.scheme, 'bearer');
  });

  it('answers /healthz and /readyz without a session, and /readyz 404 while draining', async () => {
    assert.deepEqual((await t.app.inject({ url: '/healthz' })).json(), { status: 'ok' });
    assert.deepEqual((await t.app.inject({ url: '/readyz' })).json(), { status: 'ready' });
    t.deps.lifecycle.draining = true;
    try {
      const readyz = await t.app.inject({ url: '/readyz' });
      assert.equal(readyz.statusCode, 404);
      assert.deepEqual(readyz.json(), { status: 'draining' });
      assert.equal((await t.app.inject({ url: '/healthz' })).statusCode, 200);
    } finally {
      t.deps.lifecycle.draining = false;
    }
  });

  it('once this instance alone has lost the database: /readyz 503, pages and API 503 at once, health and peers still answered', async () => {
    assert.deepEqual((await t.app.inject({ url: '/readyz/writer' })).json(), { status: 'no writer probe on this instance' });
    t.deps.lifecycle.writerReach = { reachable: false, forMs: 2500 };
    t.deps.lifecycle.setCutOff(true);
    try {
      const readyz = await t.app.inject({ url: '/readyz' });
      assert.equal(readyz.statusCode, 503);
      assert.deepEqual(readyz.json(), { status: 'database unreachable from this instance' });
      assert.deepEqual((await t.app.inject({ url: '/readyz/writer' })).json(), { reachable: false, forMs: 2500 });
      assert.equal((await t.app.inject({ url: '/healthz' })).statusCode, 200);
      const api = await t.app.inject({ url: '/api/v1/stores', headers: { accept: 'application/json' } });
      assert.equal(api.statusCode, 503);
      assert.equal(api.json().error.code, 'database_unreachable');
      const page = await t.app.inject({ url: '/stores', headers: { accept: 'text/html' } });
      assert.equal(page.statusCode, 503);
      assert.match(page.body, /cannot reach our database/);
    } finally {
      t.deps.lifecycle.setCutOff(false);
      t.deps.lifecycle.writerReach = null;
    }
    assert.equal((await t.app.inject({ url: '/readyz' })).statusCode, 200);
    assert.equal((await t.app.inject({ url: '/api/v1/stores' })).statusCode, 200);
  });

  it('while its reads are stuck on a database it alone cannot reach: GETs 503 (HAProxy re-sends them), writes untouched, /readyz still 200', async () => {
    t.deps.lifecycle.setShedReads(true);
    try {
      assert.equal((await t.app.inject({ url: '/readyz' })).statusCode, 200, 'stuck reads take no instance out of the pool');
      const api = await t.app.inject({ url: '/api/v1/stores', headers: { accept: 'application/json' } });
      assert.equal(api.statusCode, 503);
      assert.equal(api.json().error.code, 'database_unreachable');
      assert.equal((await t.app.inject({ method: 'HEAD', url: '/stores' })).statusCode, 503);
      // A write is never handed back by this rule: it reaches its handler (here: refused for its empty body).
      const write = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', headers: { accept: 'application/json' }, payload: {} });
      assert.equal(write.statusCode, 400);
    } finally {
      t.deps.lifecycle.setShedReads(false);
    }
    assert.equal((await t.app.inject({ url: '/api/v1/stores' })).statusCode, 200);
  });

  it('answers an unknown page with a 404 HTML page', async () => {
    const response = await t.app.inject({ url: '/no-such-page' });
    assert.equal(response.statusCode, 404);
    assert.match(String(response.headers['content-type']), /text\/html/);
    assert.match(response.body, /<h1>Not found<\/h1>/);
    assert.match(response.body, /<a class="button" href="\/">Back to the cafe<\/a>/);
  });

  it('answers an unknown API route, or a JSON client, with the 404 error envelope', async () => {
    assertApiError(await t.app.inject({ url: '/api/v1/no-such-thing' }), 404, 'not_found');
    assertApiError(await t.app.inject({ method: 'POST', url: '/api/v1/stores' }), 404, 'not_found');
    assertApiError(await t.app.inject({ url: '/no-such-page', headers: { accept: 'application/json' } }), 404, 'not_found');
  });

  it('wraps framework errors in the envelope: too large 413, unsupported media type 415', async () => {
    const big = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ firstName: 'x'.repeat(300 * 1024) }),
    });
    assert.equal(big.statusCode, 413);
    assert.equal(typeof big.json().error.code, 'string');
    const xml = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', headers: { 'content-type': 'application/xml' }, payload: '<a/>' });
    assert.equal(xml.statusCode, 415);
    assert.equal(typeof xml.json().error.code, 'string');
  });

  it('sends the security headers on pages, API answers, errors and static files', async () => {
    for (const url of ['/', '/api/v1/stores', '/no-such-page', '/api/v1/basket', '/static/styles.css', '/healthz']) {
      const response = await t.app.inject({ url });
      assert.equal(response.headers['x-content-type-options'], 'nosniff', url);
      assert.equal(response.headers['x-frame-options'], 'DENY', url);
      assert.equal(response.headers['referrer-policy'], 'same-origin', url);
    }
    assert.equal((await t.app.inject({ url: '/' })).headers['cache-control'], 'no-store');
  });

  it('sets HttpOnly, SameSite=Lax cookies, not Secure over http', async () => {
    const login = await new Browser(t.app).login('customer@alpaca.test');
    const cookies = ([] as string[]).concat(login.headers['set-cookie'] as string | string[]);
    const sid = cookies.find((c) => c.startsWith('sid='));
    assert.ok(sid);
    assert.match(sid, /HttpOnly/);
    assert.match(sid, /SameSite=Lax/);
    assert.match(sid, /Path=\//);
    assert.doesNotMatch(sid, /Secure/);
  });
});

describe('app basics behind https', () => {
  it('marks cookies Secure when PUBLIC_URL is https', async () => {
    const t = await startTestApp({ PUBLIC_URL: 'https://cafe.example' });
    try {
      const visit = await t.app.inject({ url: '/' });
      const vid = ([] as string[]).concat(visit.headers['set-cookie'] as string | string[]).find((c) => c.startsWith('vid='));
      assert.match(vid ?? '', /; Secure/);
    } finally {
      await t.close();
    }
  });

  it('keeps /healthz and /readyz answering when the database is gone', async () => {
    const t = await startTestApp();
    await t.database.db.close();
    try {
      assert.equal((await t.app.inject({ url: '/healthz' })).statusCode, 200);
      assert.equal((await t.app.inject({ url: '/readyz' })).statusCode, 200);
    } finally {
      await t.app.close();
      await t.database.drop().catch(() => {});
    }
  });
});
