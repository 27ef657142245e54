// The buyer's list (soonest first, past events marked and folded away) and the staff page, where events are
// created: the buyer's page has no such form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayAndBrowser } from '../lib/session.mjs';
import { person, screenshot } from '../lib/browser.mjs';
import { expectMessage } from '../lib/checks.mjs';

let gateway;
let browser;
gatewayAndBrowser(undefined, (started) => ({ gateway, browser } = started));

test('the buyer\'s page has no admin form; the staff page creates an event with a seat map', async () => {
  const buyer = await person(browser);
  await buyer.goto(gateway.url);
  await buyer.waitForSelector('.events');
  assert.equal(await buyer.locator('form.create, #key-form, textarea, input[type=password]').count(), 0);
  assert.equal(await buyer.getByRole('button', { name: /create/i }).count(), 0);

  const staff = await person(browser);
  await staff.goto(`${gateway.url}/admin.html`);
  await staff.getByLabel('Name').fill('Made in the browser');
  await staff.getByLabel('Seat map: one section per line, best first').fill('Front: A-B x 5\nBack: C x 4');
  await staff.getByRole('button', { name: 'Create event' }).click();
  await expectMessage(staff, /Created “Made in the browser”/, 'success');
  await screenshot(staff, 'desktop-staff-page');
  await staff.getByRole('link', { name: /Made in the browser: open its seat map/ }).click();

  await staff.waitForSelector('.seat[data-seat="C4"]');
  assert.equal(await staff.locator('.seat-map .seat').count(), 14);
  assert.deepEqual(await staff.locator('.section h3').allInnerTexts(), ['Front', 'Back']);
  await buyer.waitForSelector('text=Made in the browser');
  assert.match(await buyer.locator('.event', { hasText: 'Made in the browser' }).innerText(), /14 of 14 seats available/);
  assert.deepEqual([...buyer.errors, ...staff.errors], []);
});

test('a staff error (a seat map that cannot be read) is shown in view and announced', async () => {
  const staff = await person(browser, { viewport: { width: 390, height: 844 }, isMobile: true });
  await staff.goto(`${gateway.url}/admin.html`);
  await staff.getByLabel('Name').fill('Broken map');
  await staff.getByLabel('Seat map: one section per line, best first').fill('nonsense');
  await staff.getByRole('button', { name: 'Create event' }).click();
  await expectMessage(staff, /Line 1 should look like/, 'error');
});

test('events are listed soonest first, undated after dated, and past events are marked and folded away', async () => {
  const hour = 3600e3;
  const at = (ms) => new Date(Date.now() + ms).toISOString();
  const item = (id, name, startsAt) => ({ event_id: id, name, venue: 'Hall', starts_at: startsAt, created_at: at(-48 * hour), total: 10, available: 10, held: 0, booked: 0, version: 0 });
  // The list as a server might answer it, in no particular order and over two pages.
  const pages = {
    '': { items: [item('evt_later', 'Later', at(48 * hour)), item('evt_undated', 'Undated', null), item('evt_past_old', 'Long ago', at(-30 * 24 * hour))], next: 'p2' },
    p2: { items: [item('evt_soon', 'Soon', at(2 * hour)), item('evt_past_recent', 'Yesterday', at(-24 * hour))], next: null },
  };
  const page = await person(browser);
  await page.route(/\/events\?/, route => {
    const next = new URL(route.request().url()).searchParams.get('page') || '';
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(pages[next]) });
  });
  await page.goto(gateway.url);
  await page.waitForSelector('.events .event');
  const upcoming = await page.locator('.events:not(.past) .event strong').allInnerTexts();
  assert.deepEqual(upcoming, ['Soon', 'Later', 'Undated']);
  assert.match(await page.locator('.event', { hasText: 'Undated' }).innerText(), /Date to be announced/);

  const panel = page.locator('details.past-events');
  assert.equal(await panel.evaluate(d => d.open), false);
  assert.match(await panel.locator('summary').innerText(), /Past events \(2\)/);
  await panel.locator('summary').click();
  assert.deepEqual(await page.locator('.events.past .event strong').allInnerTexts(), ['Yesterday', 'Long ago']);
  for (const text of await page.locator('.events.past .event').allInnerTexts()) assert.match(text, /^Past /im);
  // Still open after the list refreshes.
  await page.waitForTimeout(3500);
  assert.equal(await panel.evaluate(d => d.open), true);
  await screenshot(page, 'desktop-event-list-past');
});
