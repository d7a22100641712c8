// Stripe's errors, classified (issue 12 item 5, decision 706): authentication, permission and
// invalid-request errors are configuration faults (not retried, thrown with their cause, counted as
// `configuration`); network errors, 5xx and rate limits are transient (retried, then "try again").
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { countFailures } from '../../src/payments/counted.js';
import { GatewayConfigurationError, GatewayUnavailableError } from '../../src/payments/gateway.js';
import { StripeGateway } from '../../src/payments/stripe.js';
import { paymentErrors } from '../../src/observability/counters.js';
import { StripeStandIn } from '../support/stripe-stand-in.js';

async function count(kind: string): Promise<number> {
  return (await paymentErrors.get()).values.filter((v) => v.labels['operation'] === 'capture' && v.labels['kind'] === kind).reduce((a, v) => a + v.value, 0);
}

describe('Stripe errors', () => {
  let standIn: StripeStandIn;
  let gateway: StripeGateway;
  before(async () => {
    standIn = await new StripeStandIn().start();
    gateway = countFailures(new StripeGateway({ secretKey: 'sk_test_errors', apiBase: standIn.url, maxNetworkRetries: 1, timeoutMs: 5000 }));
  });
  after(() => standIn.stop());

  const capture = () => gateway.capture({ reference: 'pi_missing', amountPence: 100, idempotencyKey: `k-${Math.random()}` });

  for (const [status, type, code] of [
    [401, 'authentication_error', undefined],
    [403, 'permission_error', undefined],
    [400, 'invalid_request_error', 'parameter_unknown'],
  ] as const) {
    it(`${status} ${type} is a configuration fault: not retried, its cause kept, counted`, async () => {
      const before = standIn.requests.length;
      const counted = await count('configuration');
      standIn.nextErrors.push({ status, type, ...(code ? { code } : {}), message: `stand-in ${type}` });
      const error = await capture().catch((e: unknown) => e);
      assert.ok(error instanceof GatewayConfigurationError, String(error));
      assert.match(error.detail, new RegExp(`${type} \\(HTTP ${status}.*request req_[0-9a-f]+\\): stand-in ${type}`));
      assert.equal(error.status, 503);
      assert.doesNotMatch(error.message, /stand-in|key/, 'the customer sees no detail');
      assert.equal(standIn.requests.length - before, 1, 'not retried');
      assert.equal((await count('configuration')) - counted, 1);
    });
  }

  it('500 api_error is transient: retried by the SDK with the same key, then "try again", counted', async () => {
    const before = standIn.requests.length;
    const counted = await count('transient');
    standIn.nextErrors.push({ status: 500, type: 'api_error', message: 'stand-in' }, { status: 500, type: 'api_error', message: 'stand-in' });
    const error = await capture().catch((e: unknown) => e);
    assert.ok(error instanceof GatewayUnavailableError, String(error));
    const tries = standIn.requests.slice(before);
    assert.equal(tries.length, 2, 'tried again once (maxNetworkRetries 1)');
    assert.equal(tries[0]!.idempotencyKey, tries[1]!.idempotencyKey);
    assert.equal((await count('transient')) - counted, 1);
  });

  it('429 rate_limit_error is transient: "try again" (the outbox or the customer retries), counted', async () => {
    const counted = await count('transient');
    standIn.nextErrors.push({ status: 429, type: 'rate_limit_error', message: 'stand-in' });
    const error = await capture().catch((e: unknown) => e);
    assert.ok(error instanceof GatewayUnavailableError, String(error));
    assert.equal((await count('transient')) - counted, 1);
  });

  it('a network error is transient', async () => {
    const unreachable = countFailures(new StripeGateway({ secretKey: 'sk_test_errors', apiBase: 'http://127.0.0.1:9', maxNetworkRetries: 0, timeoutMs: 2000 }));
    const error = await unreachable.capture({ reference: 'pi_x', amountPence: 100, idempotencyKey: 'k-net' }).catch((e: unknown) => e);
    assert.ok(error instanceof GatewayUnavailableError, String(error));
  });
});
