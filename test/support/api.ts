// Small helpers for JSON API tests: calls, error assertions and fresh customers.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export function call(
  app: FastifyInstance,
  method: Method,
  url: string,
  options: { headers?: Record<string, string>; payload?: unknown } = {},
): Promise<LightMyRequestResponse> {
  return app.inject({ method, url, headers: options.headers ?? {}, ...(options.payload === undefined ? {} : { payload: options.payload as object }) });
}

/** Asserts the `{error:{code,message,fields}}` envelope; `field` must be a key of `fields`. */
export function assertApiError(response: LightMyRequestResponse, status: number, code: string, field?: string) {
  assert.equal(response.statusCode, status, response.body);
  assert.match(String(response.headers['content-type']), /application\/json/);
  const { error } = response.json();
  assert.equal(error.code, code, response.body);
  assert.equal(typeof error.message, 'string');
  if (field !== undefined) {
    assert.ok(error.fields && field in error.fields, `expected fields.${field} in ${response.body}`);
    assert.ok(error.fields[field].length > 0);
  }
  return error as { code: string; message: string; fields?: Record<string, string> };
}

export function uniqueEmail(prefix = 'guest'): string {
  return `${prefix}.${randomBytes(5).toString('hex')}@example.com`;
}

export const NEW_PASSWORD = 'correct horse battery';

/** Registers a new customer over the API and logs in: an account no other test touches. */
export async function newCustomer(app: FastifyInstance, firstName = 'Grace') {
  const email = uniqueEmail(firstName.toLowerCase());
  const created = await call(app, 'POST', '/api/v1/accounts', { payload: { firstName, lastName: 'Hopper', email, password: NEW_PASSWORD } });
  assert.equal(created.statusCode, 201, created.body);
  const session = await call(app, 'POST', '/api/v1/sessions', { payload: { email, password: NEW_PASSWORD } });
  assert.equal(session.statusCode, 201, session.body);
  const { token, user } = session.json();
  return { email, id: user.id as number, token: token as string, auth: { authorization: `Bearer ${token}` } };
}
