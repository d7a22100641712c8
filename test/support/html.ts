// Reading server-rendered pages in HTTP tests without a DOM: small, strict regexes.
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';

/** Asserts a 303 redirect and returns where it goes. */
export function redirectedTo(response: LightMyRequestResponse): string {
  assert.equal(response.statusCode, 303, `expected a 303 redirect, got ${response.statusCode}: ${response.body.slice(0, 300)}`);
  return String(response.headers.location);
}

export function cookieValue(response: LightMyRequestResponse, name: string): string | undefined {
  return (response.cookies as { name: string; value: string }[]).find((c) => c.name === name)?.value;
}

/** The text of the error shown beside a field (the element with id="<id>-error"). */
export function fieldError(html: string, id: string): string | undefined {
  return new RegExp(`<p[^>]*id="${id}-error"[^>]*>([^<]+)<`).exec(html)?.[1];
}

/** The flash message shown at the top of a page (src/web/message.tsx). */
export function flash(html: string): string | undefined {
  return /<div class="message message--\w+ flash"[^>]*><div class="message__body"><p>([^<]+)</.exec(html)?.[1];
}

/** The kind of the flash message (success, info, warning, error), to prove a failure never looks like a success. */
export function flashKind(html: string): string | undefined {
  return /<div class="message message--\w+ flash"[^>]*data-message-kind="(\w+)"/.exec(html)?.[1];
}

/** The opening tag of the <input> with this id, to check checked/disabled/value. */
export function inputTag(html: string, id: string): string {
  const tag = new RegExp(`<input[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0];
  assert.ok(tag, `no <input id="${id}"> in the page`);
  return tag;
}

/** Undoes the HTML escaping preact applies to text, for comparing messages. */
export function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
