// A hold left alone expires on time, and the page says so without being reloaded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway } from '../lib/gateway.mjs';
import { launch, person, screenshot } from '../lib/browser.mjs';

let gateway;
let browser;

before(async () => {
  // Holds last 3 seconds here, so the test watches a real expiry by the grain's reminder.
  gateway = await startGateway({ Ticketing__DefaultHoldTtlSeconds: '3', Ticketing__MinHoldTtlSeconds: '1' });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await gateway?.stop();
});

test('an expired hold shows as expired and its seats as free again', async () => {
  const created = await gateway.api('POST', '/events', { name: 'Short holds', seat_map: { rows: [{ row: 'A', seats: 6 }] } });
  const page = await person(browser);
  await page.goto(`${gateway.url}/#/events/${created.body.event_id}`);

  await page.getByLabel('Number of seats').fill('2');
  await page.getByRole('button', { name: 'Hold best available' }).click();
  await page.locator('.card.held').waitFor();
  await page.waitForSelector('.seat[data-seat="A1"].yours-held');

  await page.locator('.card.expired').waitFor({ timeout: 10000 });
  assert.match(await page.locator('.card.expired').innerText(), /Hold expired: A1, A2/);
  assert.match(await page.locator('#notice').innerText(), /expired/);
  await page.waitForSelector('.seat[data-seat="A1"].available');
  assert.equal(await page.locator('.card.held').count(), 0);
  await screenshot(page, 'hold-expired');

  await page.getByRole('button', { name: 'Dismiss' }).click();
  assert.equal(await page.locator('.card.expired').count(), 0);
  assert.deepEqual(page.errors, []);
});
