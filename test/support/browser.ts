// Headless Chromium against the REAL app, listening on a loopback port.
//
//   const b = await startBrowserApp();           // app on a fresh database + Debian's Chromium
//   const page = await b.page('phone');          // or 'desktop', or { width, height }; new context each call
//   await page.goto(`${b.baseUrl}/stores/colchester`);
//   await b.screenshot(page, 'menu-phone');      // → .test-tmp/screenshots/menu-phone.png (full page)
//   await b.screenshot(page, 'menu-top', { fullPage: false }); // just what is on screen
//   const noJs = await b.page('desktop', { javaScriptEnabled: false });
//   await b.login(page, 'customer@alpaca.test'); // through the real /login form
//   b.testApp                                    // { app, deps, database, setNow } from startTestApp
//   await b.close();                             // closes Chromium, the server and the database
//
// Every page() gets its own browser context (own cookies), so two customers or a
// customer and a barista can be driven side by side. Chromium is Debian's
// /usr/bin/chromium (scripts/install-system-deps); without it the test FAILS, never skips.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from './test-app.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve('.test-tmp/screenshots');

export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 900 },
} as const;

export type ViewportName = keyof typeof VIEWPORTS;

export interface BrowserApp {
  /** e.g. http://127.0.0.1:41234 — no trailing slash. */
  baseUrl: string;
  testApp: TestApp;
  browser: Browser;
  /** A new page in a new browser context (fresh cookies). Phone pages get touch and a mobile user agent flag. */
  page(viewport?: ViewportName | { width: number; height: number }, options?: BrowserContextOptions): Promise<Page>;
  /** PNG at .test-tmp/screenshots/<name>.png (full page unless fullPage: false); returns the path. */
  screenshot(page: Page, name: string, options?: { fullPage?: boolean }): Promise<string>;
  /** Logs in through the /login form in this page's context and waits for the redirect. */
  login(page: Page, email: string, password?: string): Promise<void>;
  close(): Promise<void>;
}

export function assertChromiumInstalled(): void {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: run scripts/install-system-deps (as root) to install Debian's chromium.`);
  }
}

export async function startBrowserApp(env: Record<string, string> = {}): Promise<BrowserApp> {
  assertChromiumInstalled();
  const testApp = await startTestApp(env);
  let browser: Browser | undefined;
  try {
    await testApp.app.listen({ host: '127.0.0.1', port: 0 });
    const address = testApp.app.server.address();
    if (!address || typeof address === 'string') throw new Error('the test app did not get a TCP port');
    const baseUrl = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    const launched = browser;
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });

    return {
      baseUrl,
      testApp,
      browser: launched,
      async page(viewport = 'desktop', options = {}) {
        const size = typeof viewport === 'string' ? VIEWPORTS[viewport] : viewport;
        const phone = viewport === 'phone';
        const context = await launched.newContext({
          viewport: size,
          baseURL: baseUrl,
          locale: 'en-GB',
          timezoneId: 'Europe/London',
          ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
          ...options,
        });
        return context.newPage();
      },
      async screenshot(page, name, { fullPage = true } = {}) {
        const file = path.join(SCREENSHOT_DIR, `${name}.png`);
        const viewport = page.viewportSize();
        if (!fullPage || !viewport) {
          await page.screenshot({ path: file, animations: 'disabled' });
          return file;
        }
        // Chromium's own full-page capture leaves sticky bars where the viewport was;
        // a viewport as tall as the page draws the header at the top and footers at the bottom.
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
        try {
          await page.screenshot({ path: file, animations: 'disabled' });
        } finally {
          await page.setViewportSize(viewport);
        }
        return file;
      },
      async login(page, email, password = 'alpaca-demo-password') {
        await page.goto(`${baseUrl}/login`);
        await page.getByLabel('Email').fill(email);
        await page.getByLabel('Password').fill(password);
        await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), page.getByRole('button', { name: 'Log in' }).click()]);
      },
      async close() {
        await launched.close();
        await testApp.close();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => {});
    await testApp.close().catch(() => {});
    throw error;
  }
}
