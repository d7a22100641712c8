// The app in Stripe mode against the Stripe stand-in, and a way to deliver it signed webhooks: the
// set-up every Stripe test shares.
import type { LightMyRequestResponse } from 'fastify';
import Stripe from 'stripe';
import { StripeStandIn } from './stripe-stand-in.js';
import { startTestApp, type TestApp } from './test-app.js';

export interface StripeTestApp {
  t: TestApp;
  standIn: StripeStandIn;
  /** Signs `event` as Stripe would (with `secret`, the app's own unless a test wants a wrong one) and posts it. */
  deliver(event: object, secret?: string): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

const signer = new Stripe('sk_test_signer');

/** Signs `payload` for the Stripe-Signature header, as Stripe does. */
export function stripeSignature(payload: string, secret: string): string {
  return signer.webhooks.generateTestHeaderString({ payload, secret });
}

export async function startStripeTestApp(webhookSecret: string): Promise<StripeTestApp> {
  const standIn = await new StripeStandIn().start();
  const t = await startTestApp({
    PAYMENT_GATEWAY: 'stripe',
    STRIPE_SECRET_KEY: 'sk_test_alpaca',
    STRIPE_PUBLISHABLE_KEY: 'pk_test_alpaca',
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_API_BASE: standIn.url,
  });
  return {
    t,
    standIn,
    deliver(event, secret = webhookSecret) {
      const payload = JSON.stringify(event);
      const headers = { 'content-type': 'application/json', 'stripe-signature': stripeSignature(payload, secret) };
      return t.app.inject({ method: 'POST', url: '/webhooks/stripe', payload, headers });
    },
    async close() {
      await t.close();
      await standIn.stop();
    },
  };
}
