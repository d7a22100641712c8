// The account pages in Chromium on a phone (390×844), without JavaScript too (issue 14): register,
// see the verification banner, edit details, change the email choices, sign another device out,
// and delete the account after its explanation.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startBrowserApp, type BrowserApp } from '../../support/browser.js';
import { lowContrastText, smallTapTargets } from '../../support/page-checks.js';

describe('account pages in Chromium at 390×844', () => {
  let b: BrowserApp;
  before(async () => {
    b = await startBrowserApp();
  });
  after(() => b?.close());

  it('registers, edits details and email choices, signs another device out and deletes the account — without JavaScript', async () => {
    const email = `phone.${randomBytes(4).toString('hex')}@example.test`;
    const page = await b.page('phone', { javaScriptEnabled: false });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto('/register');
    await page.fill('#firstName', 'Ada');
    await page.fill('#lastName', 'Phone');
    await page.fill('#email', email);
    await page.fill('#password', 'a-long-enough-password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/');
    assert.match(await page.locator('.verify-banner').innerText(), /Please confirm your email address/);

    const other = await b.page('desktop');
    await b.login(other, email, 'a-long-enough-password');

    await page.goto('/account');
    assert.deepEqual(await lowContrastText(page), []);
    assert.deepEqual(await smallTapTargets(page, 'main button, main .button'), []);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px on a phone`);
    await b.screenshot(page, 'account-phone');

    await page.fill('#firstName', 'Augusta');
    await page.getByRole('button', { name: 'Save details' }).click();
    await page.waitForURL('**/account#details');
    assert.match(await page.locator('.flash').innerText(), /Your details are saved/);
    assert.match(await page.locator('h1').innerText(), /Hello, Augusta/);

    await page.locator('input[name="ready"]').uncheck();
    await page.getByRole('button', { name: 'Save email choices' }).click();
    await page.waitForURL('**/account#notifications');
    assert.equal(await page.locator('input[name="ready"]').isChecked(), false);
    assert.equal(await page.locator('input[name="receipt"]').isChecked(), true);

    assert.equal(await page.locator('.session-list__item').count(), 2);
    await page.locator('.session-list__item').filter({ hasNotText: 'This device' }).getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/account#sessions');
    assert.equal(await page.locator('.session-list__item').count(), 1);
    await other.goto('/account');
    assert.match(other.url(), /\/login/, 'the other device was signed out');

    await page.getByRole('link', { name: /Delete my account/ }).click();
    await page.waitForURL('**/account/delete');
    await b.screenshot(page, 'account-delete-phone');
    await page.fill('#password', 'not-my-password');
    await page.getByRole('button', { name: 'Delete my account' }).click();
    assert.match(await page.locator('.error-summary').innerText(), /not your current password/);
    await page.fill('#password', 'a-long-enough-password');
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    assert.match(await page.locator('.flash').innerText(), /Your account is deleted/);
    assert.deepEqual(errors, []);
  });
});
