// The Colchester manager switches Oat milk off on the availability page and the
// customer's product page shows it unavailable at once (issue 4, "done when").
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserApp, type BrowserApp } from '../../support/browser.js';
import { lowContrastText, smallTapTargets } from '../../support/page-checks.js';

describe('availability switches in Chromium', () => {
  let b: BrowserApp;
  before(async () => {
    b = await startBrowserApp();
  });
  after(() => b?.close());

  it('switches Oat milk off at Colchester and the customer sees it unavailable on the next page view', async () => {
    const manager = await b.page({ width: 1180, height: 820 });
    const errors: string[] = [];
    manager.on('pageerror', (error) => errors.push(error.message));
    await b.login(manager, 'manager.colchester@alpaca.test');
    await manager.goto('/staff/colchester/availability');
    await b.screenshot(manager, 'manager-availability');
    assert.deepEqual(await lowContrastText(manager), []);
    assert.deepEqual(await smallTapTargets(manager, '.switch-row button, .staff-nav a'), []);

    const customer = await b.page('phone');
    await customer.goto('/stores/colchester/products/latte');
    assert.equal(await customer.locator('#opt-oat').isDisabled(), false);

    const oat = manager.locator('#option-oat');
    // The list's default is "until we open again": it comes back by itself at the next opening.
    await oat.getByRole('button', { name: /Sold out\s+Oat/ }).click();
    await manager.waitForURL('**/staff/colchester/availability#option-oat');
    assert.match(await manager.locator('.flash').innerText(), /Oat is sold out until .+ at (Alpaca Cafe )?Colchester/);
    assert.match(await manager.locator('#option-oat .status').innerText(), /^Sold out until /);

    await customer.reload();
    assert.equal(await customer.locator('#opt-oat').isDisabled(), true);
    assert.match(await customer.locator('label[for="opt-oat"]').innerText(), /Unavailable/);
    await b.screenshot(customer, 'customer-latte-oat-off', { fullPage: false });

    // Ipswich is unaffected.
    await customer.goto('/stores/ipswich/products/latte');
    assert.equal(await customer.locator('#opt-oat').isDisabled(), false);
    assert.deepEqual(errors, []);
  });
});
