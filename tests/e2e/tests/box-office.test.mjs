// The box office page against the real gateway and PostgreSQL, in headless Chromium: a checkout from the map,
// and every message (success or error) in view and in a live region.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayAndBrowser } from '../lib/session.mjs';
import { person, screenshot } from '../lib/browser.mjs';
import { expectMessage, heldSeats, scrollToEnd, seat } from '../lib/checks.mjs';
import { createHall, createHouse } from '../lib/houses.mjs';

let gateway;
let browser;
gatewayAndBrowser(undefined, (started) => ({ gateway, browser } = started));

test('a person holds two seats on the map and checks out without ever seeing the payment token', async () => {
  const eventId = await createHouse(gateway, 'Hold and book');
  // Short enough that the checkout is below the fold: the messages must still be in view.
  const page = await person(browser, { viewport: { width: 1200, height: 600 } });
  await page.goto(`${gateway.url}/#/events/${eventId}`);

  await seat(page, 'A3').click();
  await seat(page, 'A4').click();
  await scrollToEnd(page);
  await page.getByRole('button', { name: 'Hold 2 selected seats' }).click();

  const card = page.locator('.card.held');
  await card.waitFor();
  await expectMessage(page, /Held A3, A4 \(Stalls, row A\)/, 'success');
  assert.match(await card.innerText(), /Seats A3, A4 \(Stalls, row A\)/);
  assert.match(await card.locator('.countdown').innerText(), /Held for you for [12]:\d\d more/);
  const hold = (await page.evaluate(() => JSON.parse(localStorage.getItem('ticketboss.mine'))))[eventId].holds[0];
  assert.ok(hold.payment_token.length >= 20);
  assert.ok(!(await page.content()).includes(hold.payment_token), 'the payment token is on the page');
  assert.equal(await page.getByLabel(/token/i).count(), 0);
  await page.waitForSelector('.seat[data-seat="A3"].yours-held');
  assert.equal(await page.evaluate(() => document.activeElement.closest('.card')?.className), 'card held');
  await screenshot(page, 'desktop-held');

  await scrollToEnd(page);
  await card.getByRole('button', { name: 'Book 2 seats' }).click();
  const confirmation = page.locator('.card.booked');
  await confirmation.waitFor();
  const text = await confirmation.innerText();
  assert.match(text, /Booking confirmed/);
  assert.match(text, /Event\s+Hold and book · Test Hall/);
  assert.match(text, /Seats\s+A3, A4 \(Stalls, row A\)/);
  assert.match(text, /Booking\s+bkg_\S+/);
  await expectMessage(page, /Booked: A3, A4 \(Stalls, row A\) for “Hold and book”\. Booking bkg_/, 'success');
  await page.waitForSelector('.seat[data-seat="A4"].yours-booked');
  await screenshot(page, 'desktop-booked');

  const status = await gateway.api('GET', `/events/${eventId}`);
  assert.deepEqual([status.body.booked, status.body.held], [2, 0]);

  // Cancelling (open to anyone when the box office has no keys) says so in view too.
  await scrollToEnd(page);
  await confirmation.getByRole('button', { name: 'Cancel booking' }).click();
  await expectMessage(page, /Cancelled booking bkg_\S+; its seats are back on sale/, 'success');
  await page.waitForSelector('.seat[data-seat="A3"].available');
  assert.equal(await page.locator('.card.booked').count(), 0);
  assert.deepEqual(page.errors, []);
});

test('a second browser sees the first one\'s seats turn held and then booked without reloading', async () => {
  const eventId = await createHouse(gateway, 'Two people');
  const first = await person(browser);
  const second = await person(browser);
  await first.goto(`${gateway.url}/#/events/${eventId}`);
  await second.goto(`${gateway.url}/#/events/${eventId}`);
  await second.waitForSelector('.seat[data-seat="B5"].available');
  await second.evaluate(() => { window.notReloaded = true; });
  // The second person has a seat focused, as a keyboard user would: live updates must not take it away.
  await seat(second, 'B5').focus();
  const focused = await seat(second, 'B5').elementHandle();

  await first.getByLabel('Number of seats').fill('3');
  await first.getByRole('button', { name: 'Hold best available' }).click();
  await first.locator('.card.held').waitFor();
  const taken = await heldSeats(first, eventId);
  assert.equal(taken.length, 3);
  assert.match(await first.locator('.card.held').innerText(), new RegExp(`Seats ${taken.join(', ')}`));

  await second.waitForSelector(`.seat[data-seat="${taken[1]}"].held`, { timeout: 5000 });
  assert.match(await second.locator('.counts .availability-text').innerText(), /^19 of 22 seats available$/);
  await screenshot(second, 'second-browser-sees-held');

  await first.locator('.card.held').getByRole('button', { name: 'Book 3 seats' }).click();
  await second.waitForSelector(`.seat[data-seat="${taken[1]}"].booked`, { timeout: 5000 });
  await screenshot(second, 'second-browser-sees-booked');
  assert.equal(await second.evaluate(() => window.notReloaded), true);
  assert.equal(await focused.evaluate(button => button.isConnected && document.activeElement === button), true);
  assert.equal(await seat(second, taken[1]).getAttribute('aria-disabled'), 'true');
  assert.deepEqual([...first.errors, ...second.errors], []);
});

test('asking for more seats than are left says so in view and changes nothing', async () => {
  const created = await gateway.api('POST', '/events', { name: 'Tiny gig', total_seats: 3 });
  const page = await person(browser);
  await page.goto(`${gateway.url}/#/events/${created.body.event_id}`);

  await page.getByLabel('Number of seats').fill('5');
  await page.getByRole('button', { name: 'Hold best available' }).click();

  await expectMessage(page, /Not enough seats are left: only 3 are available\. Try 3 or fewer\./, 'error');
  const status = await gateway.api('GET', `/events/${created.body.event_id}`);
  assert.deepEqual([status.body.available, status.body.version], [3, 0]);
});

test('while one person picks seats, another buys in the same row: the first is told in view, live and on holding', async () => {
  const eventId = await createHall(gateway, 'Same row', 12, 10);
  const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
  const buyer = await person(browser, phone);
  const rival = await person(browser);
  const racer = await person(browser, phone);
  // The racer's page hears nothing live, so it only learns of the rival's seats when it tries to hold them.
  await racer.route('**/stream', route => route.abort());
  for (const page of [buyer, rival, racer]) await page.goto(`${gateway.url}/#/events/${eventId}`);

  await seat(buyer, 'H4').click();
  await seat(buyer, 'H5').click();
  await seat(racer, 'H5').click();
  await seat(racer, 'H6').click();
  await seat(rival, 'H5').click();
  await rival.getByRole('button', { name: 'Hold 1 selected seat' }).click();
  await rival.locator('.card.held').waitFor();

  // Live: the buyer's selection loses H5 and the buyer hears why, wherever the page is scrolled.
  await expectMessage(buyer, /Someone else just took H5; it is no longer selected/, 'error');
  await buyer.waitForSelector('.seat[data-seat="H5"].held');
  assert.equal(await buyer.locator('.seat-map .seat.selected').count(), 1);
  await screenshot(buyer, 'phone-seat-taken-live');

  // On holding: the server refuses the seat, and the racer hears which one.
  await scrollToEnd(racer);
  await racer.getByRole('button', { name: 'Hold 2 selected seats' }).click();
  await expectMessage(racer, /someone else just took seat H5/i, 'error');
  await racer.waitForSelector('.seat[data-seat="H5"].held');
  await screenshot(racer, 'phone-seat-taken-on-hold');

  // The buyer carries on with the seat still selected.
  await scrollToEnd(buyer);
  await buyer.getByRole('button', { name: 'Hold 1 selected seat' }).click();
  await expectMessage(buyer, /Held H4/, 'success');
  await buyer.locator('.card.held').getByRole('button', { name: 'Book 1 seat' }).click();
  await expectMessage(buyer, /Booked: H4/, 'success');
  await screenshot(buyer, 'phone-booked');
  assert.deepEqual([...buyer.errors, ...rival.errors, ...racer.errors], []);
});

test('a booking that cannot reach the box office says so in view, and the hold stays to try again', async () => {
  const eventId = await createHouse(gateway, 'Network trouble');
  const page = await person(browser, { viewport: { width: 1200, height: 600 } });
  await page.goto(`${gateway.url}/#/events/${eventId}`);
  await page.getByRole('button', { name: 'Hold best available' }).click();
  const card = page.locator('.card.held');
  await card.waitFor();

  await page.route('**/book', route => route.abort());
  await scrollToEnd(page);
  await card.getByRole('button', { name: 'Book 2 seats' }).click();
  await expectMessage(page, /cannot be reached/, 'error');
  assert.equal(await page.locator('.card.held').count(), 1);

  await page.unroute('**/book');
  await page.locator('.card.held').getByRole('button', { name: 'Book 2 seats' }).click();
  await expectMessage(page, new RegExp(`Booked: ${(await heldSeats(page, eventId)).join(', ')}`), 'success');
});

test('releasing a hold says so in view and frees the seats', async () => {
  const eventId = await createHouse(gateway, 'Release');
  const page = await person(browser);
  await page.goto(`${gateway.url}/#/events/${eventId}`);
  await seat(page, 'C1').click();
  await page.getByRole('button', { name: 'Hold 1 selected seat' }).click();
  await page.locator('.card.held').getByRole('button', { name: 'Release' }).click();
  await expectMessage(page, /Released C1/, 'success');
  await page.waitForSelector('.seat[data-seat="C1"].available');
});

test('an event that does not exist says so', async () => {
  const page = await person(browser);
  await page.goto(`${gateway.url}/#/events/evt_nothing_here`);
  await expectMessage(page, /does not exist/, 'error');
  assert.equal(await page.locator('h1').innerText(), 'Event not available');
});

test('a double tap on Hold holds once, and no false "someone else took it" appears', async () => {
  const eventId = await createHouse(gateway, 'Double tap');
  const page = await person(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.goto(`${gateway.url}/#/events/${eventId}`);
  await seat(page, 'B7').click();
  await seat(page, 'B8').click();
  await page.getByRole('button', { name: 'Hold 2 selected seats' }).dblclick();
  await expectMessage(page, /Held B7, B8/, 'success');
  await page.waitForTimeout(1000);
  assert.equal(await page.locator('.card.held').count(), 1);
  assert.doesNotMatch(await page.locator('#notice').innerText(), /someone else/i);
  const status = await gateway.api('GET', `/events/${eventId}`);
  assert.equal(status.body.held, 2);
});
