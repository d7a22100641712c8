// Security headers and caching on every answer (issue 15 item 6, DESIGN.md §3):
// - @fastify/helmet with a Content-Security-Policy that allows no inline script: scripts, styles,
//   images, fetches and frames from this origin only (inline style attributes are allowed: a few
//   pages and the dev mailbox's emails use them, and they cannot run code); no one may frame us
//   (`frame-ancestors 'none'`). With PAYMENT_GATEWAY=stripe, Stripe.js and its frames are allowed,
//   and nothing else. HSTS only when PUBLIC_URL is https (it would break a plain-http laptop).
// - `Cache-Control: no-store` on every answer that does not choose its own: pages and API answers
//   carry personal data (a name, a basket, a CSRF token). The public catalogue API and static
//   files set their own (`no-cache` with a validator, or a max-age).
import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import type { Config } from '../config.js';

const STRIPE_JS = 'https://js.stripe.com';
const STRIPE_FRAMES = ['https://js.stripe.com', 'https://hooks.stripe.com'];
const STRIPE_API = 'https://api.stripe.com';

export function contentSecurityPolicy(config: Pick<Config, 'paymentGateway'>): Record<string, string[]> {
  const stripe = config.paymentGateway === 'stripe';
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", ...(stripe ? [STRIPE_JS] : [])],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'", ...(stripe ? [STRIPE_API] : [])],
    frameSrc: ["'self'", ...(stripe ? STRIPE_FRAMES : [])],
    frameAncestors: ["'none'"],
    formAction: ["'self'"],
    baseUri: ["'self'"],
    objectSrc: ["'none'"],
  };
}

export async function securityHeaders(app: FastifyInstance, config: Pick<Config, 'paymentGateway' | 'publicUrl'>): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(config) },
    strictTransportSecurity: config.publicUrl.startsWith('https:') ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}
