// Pages are JSX rendered on the server; preact escapes every interpolated string.
import { MAX_RETURN_TO_LENGTH } from '../domain/limits.js';
import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import { asFlash, type Flash, isMessageKind } from './message.js';

export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return sendHtml(reply, render(page), status);
}

/** A page already rendered to HTML (the document element, without the doctype). */
export function sendHtml(reply: FastifyReply, html: string, status = 200): FastifyReply {
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(`<!doctype html>${html}`);
}

/**
 * A page with a part rendered earlier (HTML kept per catalogue version, decision 605): `page` holds
 * RAW_SLOT where that part goes. The slot holds a random word drawn when the process starts, so no
 * text in the page (a customer's name, a product's description) can be taken for it.
 */
export const RAW_SLOT = `\uE000${randomBytes(12).toString('base64url')}\uE000`;
export function renderWithRaw(page: VNode, raw: string): string {
  const html = render(page);
  const at = html.indexOf(RAW_SLOT);
  if (at < 0) throw new Error('the page has no RAW_SLOT');
  return html.slice(0, at) + raw + html.slice(at + RAW_SLOT.length);
}

const FLASH_COOKIE = 'flash';

/**
 * Post/Redirect/Get: remember a one-line message for the next page, with its kind (a plain string is
 * neutral news: a success or an error says so, see message.tsx).
 */
export function redirectWithFlash(reply: FastifyReply, to: string, message: string | Flash, status: 303 | 307 = 303): FastifyReply {
  const { kind, text } = asFlash(message);
  reply.setCookie(FLASH_COOKIE, encodeURIComponent(`${kind}:${text.slice(0, 300)}`), { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 60 });
  return reply.redirect(to, status);
}

export function takeFlash(cookies: Record<string, string | undefined>, reply: FastifyReply): Flash | null {
  const raw = cookies[FLASH_COOKIE];
  if (!raw) return null;
  reply.clearCookie(FLASH_COOKIE, { path: '/' });
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  const colon = decoded.indexOf(':');
  const kind = decoded.slice(0, colon);
  // A cookie set before messages had kinds (or tampered with) is shown as neutral news.
  return isMessageKind(kind) ? { kind, text: decoded.slice(colon + 1) } : { kind: 'info', text: decoded };
}

/** Only same-site relative paths may be redirected to (no open redirects). */
export function safeReturnTo(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string') return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  // Browsers drop tabs and newlines inside URLs ("/\t/evil.com" becomes "//evil.com"), and
  // Node refuses control or non-Latin-1 characters in a Location header (a 500): printable ASCII only.
  if (!/^[\x21-\x7e]*$/.test(value)) return fallback;
  return value.slice(0, MAX_RETURN_TO_LENGTH); // a longer one, from a link rather than a form, is cut
}
