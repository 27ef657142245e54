// A hold left alone expires on time, and the page says so, in view, without being reloaded; booking a hold that
// expired unseen says so too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayAndBrowser } from '../lib/session.mjs';
import { person, screenshot } from '../lib/browser.mjs';
import { expectMessage, heldSeats, scrollToEnd } from '../lib/checks.mjs';
import { createHall } from '../lib/houses.mjs';

let gateway;
let browser;
// Holds last 3 seconds here unless they ask for more, so the test watches a real expiry by the grain's reminder.
gatewayAndBrowser({ Ticketing__DefaultHoldTtlSeconds: '3', Ticketing__MinHoldTtlSeconds: '1' }, (started) => ({ gateway, browser } = started));

test('an expired hold shows as expired, in view, and its seats as free again', async () => {
  const eventId = await createHall(gateway, 'Short holds', 12, 6);
  const page = await person(browser, { viewport: { width: 390, height: 844 }, isMobile: true });
  await page.goto(`${gateway.url}/#/events/${eventId}`);

  await page.getByLabel('Number of seats').fill('2');
  await page.getByRole('button', { name: 'Hold best available' }).click();
  await page.locator('.card.held').waitFor();
  const seats = await heldSeats(page, eventId);
  await page.waitForSelector(`.seat[data-seat="${seats[0]}"].yours-held`);
  await scrollToEnd(page);

  await page.locator('.card.expired').waitFor({ timeout: 10000 });
  assert.match(await page.locator('.card.expired').innerText(), new RegExp(`Hold expired: ${seats.join(', ')}`));
  await expectMessage(page, new RegExp(`Your hold on ${seats.join(', ')} expired`), 'error');
  await page.waitForSelector(`.seat[data-seat="${seats[0]}"].available`);
  assert.equal(await page.locator('.card.held').count(), 0);
  await screenshot(page, 'phone-hold-expired');

  await page.getByRole('button', { name: 'Dismiss', exact: true }).click();
  assert.equal(await page.locator('.card.expired').count(), 0);
  assert.deepEqual(page.errors, []);
});

test('booking a hold that expired while the page could not hear it says so in view', async () => {
  const eventId = await createHall(gateway, 'Expired unseen', 12, 6);
  const page = await person(browser, { viewport: { width: 390, height: 844 }, isMobile: true });
  // No live stream, and a clock that stands still: the page cannot learn of the expiry before it books.
  await page.route('**/stream', route => route.abort());
  await page.goto(`${gateway.url}/#/events/${eventId}`);
  await page.evaluate(() => { const now = Date.now(); Date.now = () => now; });
  await page.getByRole('button', { name: 'Hold best available' }).click();
  await page.locator('.card.held').waitFor();
  await new Promise(r => setTimeout(r, 5000));
  const hold = (await page.evaluate(() => JSON.parse(localStorage.getItem('ticketboss.mine'))))[eventId].holds[0];
  assert.equal((await gateway.api('GET', `/holds/${hold.hold_id}`)).body.status, 'expired');

  await scrollToEnd(page);
  await page.locator('.card.held').getByRole('button', { name: 'Book 2 seats' }).click();
  await expectMessage(page, /Your hold expired|expired/, 'error');
  await page.locator('.card.expired').waitFor();
  await screenshot(page, 'phone-book-after-expiry');
});
