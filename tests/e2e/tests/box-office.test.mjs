// The box office page against the real gateway and PostgreSQL, in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway } from '../lib/gateway.mjs';
import { launch, person, screenshot } from '../lib/browser.mjs';

let gateway;
let browser;

before(async () => {
  gateway = await startGateway();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await gateway?.stop();
});

async function createHouse(name) {
  const created = await gateway.api('POST', '/events', {
    name,
    venue: 'Test Hall',
    seat_map: { sections: [{ name: 'Stalls', rows: [{ row: 'A', seats: 8 }, { row: 'B', seats: 8 }] }, { name: 'Balcony', rows: [{ row: 'C', seats: 6 }] }] },
  });
  assert.equal(created.status, 201);
  return created.body.event_id;
}

const seat = (page, label) => page.locator(`.seat-map .seat[data-seat="${label}"]`);

test('a person holds two seats on the map and books them with the payment token', async () => {
  const eventId = await createHouse('Hold and book');
  const page = await person(browser);
  await page.goto(`${gateway.url}/#/events/${eventId}`);

  await seat(page, 'A3').click();
  await seat(page, 'A4').click();
  await page.getByRole('button', { name: 'Hold 2 selected seats' }).click();

  const card = page.locator('.card.held');
  await card.waitFor();
  assert.match(await card.innerText(), /Held: A3, A4/);
  assert.match(await card.locator('.countdown').innerText(), /Expires in [12]:\d\d/);
  assert.ok((await card.getByLabel('Payment token').inputValue()).length >= 20);
  await page.waitForSelector('.seat[data-seat="A3"].yours-held');
  await screenshot(page, 'desktop-held');

  await card.getByRole('button', { name: 'Book' }).click();
  await page.locator('.card.booked').waitFor();
  assert.match(await page.locator('.card.booked').innerText(), /Booked: A3, A4/);
  await page.waitForSelector('.seat[data-seat="A4"].yours-booked');
  assert.match(await page.locator('#notice').innerText(), /Booked A3, A4/);
  await screenshot(page, 'desktop-booked');

  const status = await gateway.api('GET', `/events/${eventId}`);
  assert.deepEqual([status.body.booked, status.body.held], [2, 0]);
  assert.deepEqual(page.errors, []);
});

test('a second browser sees the first one\'s seats turn held and then booked without reloading', async () => {
  const eventId = await createHouse('Two people');
  const first = await person(browser);
  const second = await person(browser);
  await first.goto(`${gateway.url}/#/events/${eventId}`);
  await second.goto(`${gateway.url}/#/events/${eventId}`);
  await second.waitForSelector('.seat[data-seat="B5"].available');
  await second.evaluate(() => { window.notReloaded = true; });

  await first.getByLabel('Number of seats').fill('3');
  await first.getByRole('button', { name: 'Hold best available' }).click();
  await first.locator('.card.held').waitFor();
  assert.match(await first.locator('.card.held').innerText(), /Held: A1, A2, A3/);

  await second.waitForSelector('.seat[data-seat="A2"].held', { timeout: 5000 });
  assert.match(await second.getByTestId('available').innerText(), /^19$/);
  await screenshot(second, 'second-browser-sees-held');

  await first.locator('.card.held').getByRole('button', { name: 'Book' }).click();
  await second.waitForSelector('.seat[data-seat="A2"].booked', { timeout: 5000 });
  await screenshot(second, 'second-browser-sees-booked');
  assert.equal(await second.evaluate(() => window.notReloaded), true);
  assert.equal(await seat(second, 'A2').getAttribute('aria-disabled'), 'true');
  assert.deepEqual([...first.errors, ...second.errors], []);
});

test('asking for more seats than are left says so clearly and changes nothing', async () => {
  const created = await gateway.api('POST', '/events', { name: 'Tiny gig', total_seats: 3 });
  const page = await person(browser);
  await page.goto(`${gateway.url}/#/events/${created.body.event_id}`);

  await page.getByLabel('Number of seats').fill('5');
  await page.getByRole('button', { name: 'Hold best available' }).click();

  await page.waitForSelector('#notice.error');
  assert.match(await page.locator('#notice').innerText(), /Not enough seats are left/);
  const status = await gateway.api('GET', `/events/${created.body.event_id}`);
  assert.deepEqual([status.body.available, status.body.version], [3, 0]);
});

test('a seat someone else took first is refused with a clear message', async () => {
  const eventId = await createHouse('Seat race');
  const page = await person(browser);
  // No live stream for this page, so it cannot learn of the other hold before it tries.
  await page.route('**/stream', route => route.abort());
  await page.goto(`${gateway.url}/#/events/${eventId}`);
  await seat(page, 'C2').click();
  const taken = await gateway.api('POST', '/holds', { event_id: eventId, seats: ['C2'] });
  assert.equal(taken.status, 201);

  await page.getByRole('button', { name: 'Hold 1 selected seat' }).click();

  await page.waitForSelector('#notice.error');
  assert.match(await page.locator('#notice').innerText(), /someone else just took/i);
  await page.waitForSelector('.seat[data-seat="C2"].held');
});

test('an event with a seat map can be created from the page', async () => {
  const page = await person(browser);
  await page.goto(gateway.url);
  await page.getByLabel('Name').fill('Made in the browser');
  await page.getByLabel('Seat map: one section per line, best first').fill('Front: A-B x 5\nBack: C x 4');
  await page.getByRole('button', { name: 'Create event' }).click();

  await page.waitForSelector('.seat[data-seat="C4"]');
  assert.equal(await page.locator('.seat-map .seat').count(), 14);
  assert.deepEqual(await page.locator('.section h3').allInnerTexts(), ['Front', 'Back']);
  await page.goto(gateway.url);
  await page.waitForSelector('text=Made in the browser');
  assert.match(await page.locator('.event', { hasText: 'Made in the browser' }).innerText(), /14 of 14 seats available/);
  await screenshot(page, 'event-list');
});

test('on a phone-sized screen the page fits and seats are chosen with the keyboard', async () => {
  const eventId = await createHouse('Phone and keyboard');
  const page = await person(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.goto(`${gateway.url}/#/events/${eventId}`);
  await page.waitForSelector('.seat');

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  await seat(page, 'A1').focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.seat[data-seat="B2"].selected');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.seat), 'B2');
  await page.keyboard.press('Tab');
  await screenshot(page, 'phone-selected');
  await page.getByRole('button', { name: 'Hold 1 selected seat' }).press('Enter');
  await page.locator('.card.held').waitFor();
  await screenshot(page, 'phone-held');
  assert.deepEqual(page.errors, []);
});
