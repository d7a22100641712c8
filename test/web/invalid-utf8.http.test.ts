// Invalid UTF-8 in any text input is refused with 400 naming the field, and nothing changes
// (issue 15 item 1, decision 513): percent-encoded bytes that decode to no character in a query
// string or a form body, raw invalid bytes in a JSON body, and JSON's lone surrogate escapes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { Browser, startTestApp, type TestApp } from '../support/test-app.js';
import { assertApiError } from '../support/api.js';
import { unchanged } from '../support/db-state.js';

function assertPageRefusal(response: LightMyRequestResponse, field: string) {
  assert.equal(response.statusCode, 400, response.body);
  assert.match(String(response.headers['content-type']), /text\/html/);
  assert.ok(response.body.includes(`&quot;${field}&quot;`) || response.body.includes(`"${field}"`), `page names ${field}`);
  assert.match(response.body, /not valid UTF-8/);
}

describe('invalid UTF-8 in text inputs', () => {
  let t: TestApp;
  let visitor: Browser;
  before(async () => {
    t = await startTestApp();
    visitor = new Browser(t.app);
    await visitor.get('/');
  });
  after(() => t.close());

  const form = (url: string, body: string) =>
    visitor.request({ method: 'POST', url, payload: `_csrf=${visitor.csrf}&${body}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const json = (url: string, bytes: Buffer) => t.app.inject({ method: 'POST', url, payload: bytes, headers: { 'content-type': 'application/json' } });

  it('a query string with %FF: 400 naming the field, on a page and on the API', async () => {
    assertPageRefusal(await visitor.get('/login?returnTo=%FF'), 'returnTo');
    assertPageRefusal(await visitor.get('/stores?returnTo=%C3%28'), 'returnTo');
    const api = await t.app.inject({ url: '/api/v1/stores?store=%E2%82' });
    assertApiError(api, 400, 'invalid', 'store');
  });

  it('a form body with undecodable percent-encoding: 400 naming the field, nothing written', async () => {
    assertPageRefusal(await unchanged(t.deps.db.writer, () => form('/login', 'email=a%FF%FE%40alpaca.test&password=x')), 'email');
    assertPageRefusal(
      await unchanged(t.deps.db.writer, () => form('/register', 'firstName=Ann%C0&lastName=B&email=utf8%40example.com&password=long-enough-pw')),
      'firstName',
    );
  });

  it('raw invalid bytes in a JSON body: 400 naming the field, nothing written', async () => {
    const body = Buffer.concat([
      Buffer.from('{"firstName":"Ann'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('","lastName":"B","email":"utf8.raw@example.com","password":"long-enough-password"}'),
    ]);
    const response = await unchanged(t.deps.db.writer, () => json('/api/v1/accounts', body));
    assertApiError(response, 400, 'invalid', 'firstName');
  });

  it('a lone surrogate escape in JSON: 400 naming the field', async () => {
    const body = Buffer.from('{"firstName":"A","lastName":"\\ud800","email":"utf8.lone@example.com","password":"long-enough-password"}');
    const response = await unchanged(t.deps.db.writer, () => json('/api/v1/accounts', body));
    assertApiError(response, 400, 'invalid', 'lastName');
  });

  it('still takes real multi-byte text: accents, an emoji, a percent sign typed as %25', async () => {
    const body = Buffer.from(
      JSON.stringify({ firstName: 'Zoë 🦙', lastName: 'Ōkubo', email: `utf8.ok.${Date.now()}@example.com`, password: 'long-enough-password' }),
    );
    const response = await json('/api/v1/accounts', body);
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.json().user.firstName, 'Zoë 🦙');
    const page = await visitor.get('/login?returnTo=%2Fstores%3Fq%3D100%2525');
    assert.equal(page.statusCode, 200);
  });
});
