// The menu API's prebuilt bytes (decision 602): compressed once, a strong ETag and 304, no cookie,
// `no-cache`; a change made elsewhere (another instance, the sweeper) reaches the answer within 1 s
// through the catalogue signal; and what a replica that has not replayed the change says is never kept.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import { apiLogin, startTestApp, type TestApp } from '../../support/test-app.js';
import { freshDatabase, type TestDatabase } from '../../support/database.js';
import { MenuCache } from '../../../src/features/menu/menu-cache.js';
import { LiveHub } from '../../../src/live/live-hub.js';

const URL = '/api/v1/stores/colchester/menu';

describe('menu API bytes', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const latteAvailable = (body: any) => body.categories.flatMap((c: any) => c.products).find((p: any) => p.slug === 'latte').available;

  it('sends the same JSON in brotli, gzip or as it is, brotli at most 20 KB, each with its own strong ETag', async () => {
    const plain = await t.app.inject({ url: URL });
    const br = await t.app.inject({ url: URL, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    const gz = await t.app.inject({ url: URL, headers: { 'accept-encoding': 'gzip' } });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(JSON.parse(zlib.brotliDecompressSync(br.rawPayload).toString()), plain.json());
    assert.deepEqual(JSON.parse(zlib.gunzipSync(gz.rawPayload).toString()), plain.json());
    assert.ok(br.rawPayload.length <= 20 * 1024, `brotli body is ${br.rawPayload.length} bytes`);
    assert.ok(br.rawPayload.length < plain.rawPayload.length / 4);
    const tags = [plain, br, gz].map((r) => r.headers['etag'] as string);
    for (const tag of tags) assert.match(tag, /^"[A-Za-z0-9_-]+(-gz|-br)?"$/);
    assert.equal(new Set(tags).size, 3);
    for (const r of [plain, br, gz]) {
      assert.equal(r.headers['vary'], 'Accept-Encoding');
      assert.equal(r.headers['cache-control'], 'no-cache');
      assert.match(String(r.headers['content-type']), /^application\/json/);
    }
  });

  it('answers a conditional GET with 304 and no body while nothing changed', async () => {
    const first = await t.app.inject({ url: URL, headers: { 'accept-encoding': 'br' } });
    const again = await t.app.inject({ url: URL, headers: { 'accept-encoding': 'br', 'if-none-match': first.headers['etag'] as string } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.rawPayload.length, 0);
    assert.equal(again.headers['etag'], first.headers['etag']);
    const stale = await t.app.inject({ url: URL, headers: { 'if-none-match': '"something-else"' } });
    assert.equal(stale.statusCode, 200);
  });

  it('sets no cookie, for a first visit, a browser with cookies or a signed-in API client', async () => {
    const customer = await apiLogin(t.app, 'customer@alpaca.test');
    for (const headers of [{}, { cookie: 'vid=abcdefghijklmnopqrstuvwxyz012345' }, customer]) {
      const response = await t.app.inject({ url: URL, headers });
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['set-cookie'], undefined, JSON.stringify(headers));
    }
  });

  it('leaves whether the store is open now out of the cached bytes (GET /api/v1/stores says it)', async () => {
    const body = (await t.app.inject({ url: URL })).json();
    assert.deepEqual(Object.keys(body.store).sort(), ['address', 'name', 'slug']);
  });

  it('shows a change made by another instance within 1 s, with a new ETag', async () => {
    const before = await t.app.inject({ url: URL });
    assert.equal(latteAvailable(before.json()), true);
    // Straight to the database, as another instance or the sold-out sweeper would: no request here.
    await sql`UPDATE store_products SET available = false
      WHERE store_id = (SELECT id FROM stores WHERE slug = 'colchester') AND product_id = (SELECT id FROM products WHERE slug = 'latte')`.execute(
      t.deps.db.writer,
    );
    const changedAt = Date.now();
    let after = await t.app.inject({ url: URL });
    while (latteAvailable(after.json()) && Date.now() - changedAt < 1000) {
      await new Promise((r) => setTimeout(r, 20));
      after = await t.app.inject({ url: URL });
    }
    assert.equal(latteAvailable(after.json()), false, 'still available 1 s after the change');
    assert.notEqual(after.headers['etag'], before.headers['etag']);
    const old = await t.app.inject({ url: URL, headers: { 'if-none-match': before.headers['etag'] as string } });
    assert.equal(old.statusCode, 200);
    await sql`UPDATE store_products SET available = true WHERE product_id = (SELECT id FROM products WHERE slug = 'latte')`.execute(t.deps.db.writer);
  });

  it('sends the whole menu page for a phone (HTML, its CSS and JS) in at most 100 KB compressed', async () => {
    const br = { 'accept-encoding': 'br' };
    const page = await t.app.inject({ url: '/stores/colchester', headers: br });
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['content-encoding'], 'br');
    const html = zlib.brotliDecompressSync(page.rawPayload).toString();
    const assets = [...html.matchAll(/<(?:link rel="stylesheet" href|script src)="([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(assets.some((a) => a.endsWith('.css')) && assets.some((a) => a.endsWith('.js')), assets.join(' '));
    let total = page.rawPayload.length;
    for (const asset of assets) {
      const response = await t.app.inject({ url: asset, headers: br });
      assert.equal(response.statusCode, 200, asset);
      total += response.rawPayload.length;
    }
    assert.ok(total <= 100 * 1024, `menu page with its CSS and JS: ${total} bytes compressed`);
  });

  it('still answers 404 for an unknown store and 400 for a malformed one', async () => {
    assert.equal((await t.app.inject({ url: '/api/v1/stores/bristol/menu' })).statusCode, 404);
    assert.equal((await t.app.inject({ url: '/api/v1/stores/NOT_A_SLUG/menu' })).statusCode, 400);
  });
});

describe('menu cache and a lagging replica', () => {
  let t: TestApp;
  let replica: TestDatabase;
  before(async () => {
    t = await startTestApp();
    // A database holding the catalogue as it was before the change below: a replica that has not
    // replayed it. The cache reads menus from it (the reader pool) and the version from the writer.
    replica = await freshDatabase();
  });
  after(async () => {
    await t.close();
    await replica.drop();
  });

  it('reads the writer when the replica is behind the newest version, and keeps what the writer said', async () => {
    await sql`UPDATE store_products SET available = false WHERE product_id = (SELECT id FROM products WHERE slug = 'mocha')`.execute(t.deps.db.writer);
    const live = new LiveHub(t.deps.db);
    const cache = new MenuCache({ ...t.deps, live, db: { ...t.deps.db, reader: replica.db.writer } });
    try {
      const writerVersion = Number((await t.deps.db.writer.selectFrom('catalogue_version').select('version').executeTakeFirstOrThrow()).version);
      const replicaVersion = Number((await replica.db.writer.selectFrom('catalogue_version').select('version').executeTakeFirstOrThrow()).version);
      assert.ok(replicaVersion < writerVersion);
      for (let i = 0; i < 2; i++) {
        const menu = await cache.snapshot('colchester');
        assert.equal(menu.version, writerVersion);
        assert.equal(menu.products.find((p) => p.slug === 'mocha')?.switchedOn, false);
      }
    } finally {
      await live.close();
    }
  });
});
