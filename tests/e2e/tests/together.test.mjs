// Parties sit together: "Seats next to each other" on the page sends together:true, and a refusal or seats that
// are apart are told in view. Skipped against a gateway that does not know `together` (it answers no `adjacent`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayAndBrowser } from '../lib/session.mjs';
import { person, screenshot } from '../lib/browser.mjs';
import { expectMessage, heldSeats } from '../lib/checks.mjs';

let gateway;
let browser;
gatewayAndBrowser(undefined, (started) => ({ gateway, browser } = started));

/** Two rows of 4 with their second and third seats taken: no 3 seats sit together, 4 free seats remain. */
async function brokenRows(name) {
  const created = await gateway.api('POST', '/events', { name, seat_map: { rows: [{ row: 'A', seats: 4 }, { row: 'B', seats: 4 }] } });
  assert.equal(created.status, 201);
  const eventId = created.body.event_id;
  const taken = await gateway.api('POST', '/holds', { event_id: eventId, seats: ['A2', 'A3', 'B2', 'B3'] });
  assert.equal(taken.status, 201);
  return { eventId, knowsTogether: 'adjacent' in taken.body };
}

test('a party that asks for seats next to each other is told, in view, how many sit together', async (t) => {
  const { eventId, knowsTogether } = await brokenRows('Together refused');
  if (!knowsTogether) { t.skip('this gateway does not know together'); return; }
  const page = await person(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await page.goto(`${gateway.url}/#/events/${eventId}`);
  await page.getByLabel('Number of seats').fill('3');
  await page.getByLabel('Seats next to each other').check();
  await page.getByRole('button', { name: 'Hold best available' }).click();
  await expectMessage(page, /No seats sit next to each other right now/, 'error');
  await screenshot(page, 'phone-together-refused');
  assert.equal((await gateway.api('GET', `/events/${eventId}`)).body.held, 4);
});

test('seats held apart are said to be apart on the checkout', async (t) => {
  const { eventId, knowsTogether } = await brokenRows('Apart');
  if (!knowsTogether) { t.skip('this gateway does not know together'); return; }
  const page = await person(browser);
  await page.goto(`${gateway.url}/#/events/${eventId}`);
  await page.getByLabel('Number of seats').fill('3');
  await page.getByRole('button', { name: 'Hold best available' }).click();
  const card = page.locator('.card.held');
  await card.waitFor();
  assert.equal((await heldSeats(page, eventId)).length, 3);
  assert.match(await card.innerText(), /not all next to each other/);
});
