// Accessibility checks any browser test can run on a Playwright page. Each returns the
// offenders (empty = pass), so a failing assertion names what to fix.
import type { Page } from 'playwright-core';

/**
 * Every visible piece of text against its real background (ancestor colours blended),
 * per WCAG 2.1: 4.5:1, or 3:1 for large text (24px, or 18.66px bold). Disabled controls
 * are exempt, as WCAG allows. Plain JS in a string: it runs in the page as written.
 */
const LOW_CONTRAST_TEXT = `(() => {
  const parse = (c) => { const n = (c.match(/[\\d.]+/g) || []).map(Number); return { r: n[0], g: n[1], b: n[2], a: n.length > 3 ? n[3] : 1 }; };
  const over = (top, under) => ({ r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a), b: top.b * top.a + under.b * (1 - top.a), a: 1 });
  const lum = (c) => [c.r, c.g, c.b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) { const bg = parse(getComputedStyle(e).backgroundColor); if (bg.a > 0) layers.push(bg); if (bg.a >= 1) break; }
    return layers.reduceRight((under, top) => over(top, under), { r: 255, g: 255, b: 255, a: 1 });
  };
  const failures = [];
  for (const el of document.querySelectorAll('body *')) {
    const text = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent.trim()).join(' ').trim();
    if (!text || el.closest('[disabled], [aria-disabled="true"], .option:has(input:disabled), .visually-hidden, .nav-store__label, script, style')) continue;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || style.visibility !== 'visible' || style.opacity === '0') continue;
    const bg = background(el);
    const fg = over(parse(style.color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) failures.push(text.slice(0, 40) + ' ' + ratio.toFixed(2) + ':1');
  }
  return failures;
})()`;

/** Text below WCAG AA contrast on the current page, as "text ratio:1" strings. */
export function lowContrastText(page: Page): Promise<string[]> {
  return page.evaluate(LOW_CONTRAST_TEXT) as Promise<string[]>;
}

/** Visible elements matching `selector` shorter than 44px (WCAG 2.5.5 target size). */
export function smallTapTargets(page: Page, selector: string, min = 44): Promise<string[]> {
  return page.evaluate(
    ({ selector, min }) =>
      [...document.querySelectorAll<HTMLElement>(selector)]
        .filter((el) => el.offsetParent !== null || getComputedStyle(el).position === 'fixed')
        .filter((el) => el.getBoundingClientRect().height < min)
        .map((el) => `${(el.textContent ?? '').trim().slice(0, 30) || el.tagName} ${Math.round(el.getBoundingClientRect().height)}px`),
    { selector, min },
  );
}
