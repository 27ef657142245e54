// With API keys configured: a buyer holds and books without a key, a staff action says in view where the key goes,
// and the staff page creates events with the admin key it keeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayAndBrowser } from '../lib/session.mjs';
import { person } from '../lib/browser.mjs';
import { expectMessage, scrollToEnd } from '../lib/checks.mjs';

const ADMIN_KEY = 'e2e-admin-key-5b1f0c';
let gateway;
let browser;
gatewayAndBrowser({ Auth__AdminKeys__0: ADMIN_KEY }, (started) => ({ gateway, browser } = started));

test('a buyer books without a key; cancelling, a staff action, says in view that it needs the staff\'s key', async () => {
  const staff = await person(browser);
  await staff.goto(`${gateway.url}/admin.html`);
  await staff.getByLabel('Name').fill('Keyed');
  await staff.getByRole('button', { name: 'Create event' }).click();
  await expectMessage(staff, /needs an admin key/, 'error');
  await staff.getByLabel('Admin key (kept in this browser only)').fill(ADMIN_KEY);
  await staff.getByRole('button', { name: 'Save key' }).click();
  await expectMessage(staff, /Key saved in this browser/, 'success');
  await staff.getByRole('button', { name: 'Create event' }).click();
  await expectMessage(staff, /Created “Keyed”/, 'success');
  const href = await staff.getByRole('link', { name: /Keyed: open its seat map/ }).getAttribute('href');

  const buyer = await person(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await buyer.goto(`${gateway.url}${href}`);
  await buyer.locator('.seat[data-seat="A5"]').click();
  await buyer.getByRole('button', { name: 'Hold 1 selected seat' }).click();
  await buyer.locator('.card.held').getByRole('button', { name: 'Book 1 seat' }).click();
  await expectMessage(buyer, /Booked: A5/, 'success');
  await scrollToEnd(buyer);
  await buyer.getByRole('button', { name: 'Cancel booking' }).click();
  await expectMessage(buyer, /Only the box office staff can do this/, 'error');
  assert.equal(await buyer.locator('.card.booked').count(), 1);
  assert.deepEqual([...staff.errors, ...buyer.errors], []);
});
