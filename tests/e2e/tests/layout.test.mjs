// How the page looks and moves: seat states told apart without colour, a new view starting at its top, and a
// seat map that fits a phone or says that it scrolls. Saves desktop and phone screenshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayAndBrowser } from '../lib/session.mjs';
import { outputDir, person, screenshot } from '../lib/browser.mjs';
import { expectMessage, seat } from '../lib/checks.mjs';
import { createHall, createHouse } from '../lib/houses.mjs';

let gateway;
let browser;
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

gatewayAndBrowser(undefined, (started) => ({ gateway, browser } = started));

// What a seat looks like apart from its colours: border style, fill pattern, text decoration and its mark.
function shapeOf(element) {
  const style = getComputedStyle(element);
  const mark = getComputedStyle(element, '::after').content;
  return JSON.stringify({
    border: style.borderTopStyle,
    pattern: style.backgroundImage === 'none' ? 'none' : style.backgroundImage.replace(/rgba?\([^)]*\)/g, 'c'),
    text: style.textDecorationLine,
    mark: mark === 'none' || mark === 'normal' ? '' : mark,
  });
}

// WCAG contrast of an element's text colour against the nearest background colour behind it.
function contrast(element) {
  const rgb = (text) => text.match(/[\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => [r, g, b].map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  let back = element;
  while (back && rgb(getComputedStyle(back).backgroundColor)[3] === 0) back = back.parentElement;
  const [a, b] = [luminance(rgb(getComputedStyle(element).color)), luminance(rgb(getComputedStyle(back || document.body).backgroundColor))];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

test('free, selected, yours held, yours booked, held and sold seats differ by more than colour, on the map and in the legend', async () => {
  const eventId = await createHouse(gateway, 'Six states');
  const other = await gateway.api('POST', '/holds', { event_id: eventId, seats: ['B1'] });
  assert.equal(other.status, 201);
  const sold = await gateway.api('POST', '/holds', { event_id: eventId, seats: ['B2'] });
  assert.equal((await gateway.api('POST', '/book', { hold_id: sold.body.hold_id, payment_token: sold.body.payment_token })).status, 201);

  const page = await person(browser);
  await page.goto(`${gateway.url}/#/events/${eventId}`);
  await seat(page, 'A1').click();
  await page.getByRole('button', { name: 'Hold 1 selected seat' }).click();
  await page.locator('.card.held').getByRole('button', { name: 'Book 1 seat' }).click();
  await page.locator('.card.booked').waitFor();
  await seat(page, 'A2').click();
  await page.getByRole('button', { name: 'Hold 1 selected seat' }).click();
  await page.waitForSelector('.seat[data-seat="A2"].yours-held');
  await seat(page, 'A3').click();

  const states = { A1: 'yours-booked', A2: 'yours-held', A3: 'selected', A4: 'available', B1: 'held', B2: 'booked' };
  const shapes = {};
  for (const [label, state] of Object.entries(states)) {
    assert.equal(await seat(page, label).getAttribute('data-state'), state);
    shapes[state] = await seat(page, label).evaluate(shapeOf);
    assert.match(await seat(page, label).getAttribute('aria-label'), new RegExp(`^Seat ${label} \\(`));
  }
  const distinct = new Set(Object.values(shapes));
  assert.equal(distinct.size, 6, `seat states share a shape:\n${JSON.stringify(shapes, null, 1)}`);
  // The legend draws each state exactly as the map does, and names it in words.
  for (const state of Object.values(states)) {
    const swatch = page.locator(`.legend .swatch[data-state="${state}"]`);
    assert.equal(await swatch.evaluate(shapeOf), shapes[state], `the legend's ${state} differs from the map's`);
    assert.ok((await swatch.locator('xpath=..').innerText()).trim().length > 2);
  }
  // Seat numbers, and the message bar in each of its kinds, are readable: 4.5:1 against their backgrounds.
  for (const label of Object.keys(states)) {
    const ratio = await seat(page, label).evaluate(contrast);
    assert.ok(ratio >= 4.5, `seat ${label} (${states[label]}) has contrast ${ratio.toFixed(2)}`);
  }
  for (const kind of ['info', 'success', 'error']) {
    await page.evaluate(k => import('/js/notify.js').then(m => m.notify(`A ${k} message`, k)), kind);
    await page.waitForFunction(k => document.getElementById('notice').innerText.includes(`A ${k} message`), kind);
    const ratio = await page.locator(`#notice p:not(:empty)`).evaluate(contrast);
    assert.ok(ratio >= 4.5, `the ${kind} message has contrast ${ratio.toFixed(2)}`);
  }
  assert.match(await seat(page, 'B2').getAttribute('aria-label'), /sold/);
  assert.match(await seat(page, 'A2').getAttribute('aria-label'), /held for you/);
  await screenshot(page, 'desktop-seat-states');
  assert.deepEqual(page.errors, []);
});

test('an event opened from far down a long list starts at its top, with its heading focused', async () => {
  let last;
  for (let i = 0; i < 24; i++) last = await createHouse(gateway, `Long list ${String(i).padStart(2, '0')}`);
  const page = await person(browser, { viewport: { width: 1200, height: 700 } });
  await page.goto(gateway.url);
  const link = page.locator(`.event a[data-event-id="${last}"]`);
  await link.scrollIntoViewIfNeeded();
  assert.ok(await page.evaluate(() => window.scrollY) > 300, 'the list is not long enough to test scrolling');
  await link.click();
  await page.waitForSelector('.seat-map');
  assert.equal(await page.evaluate(() => window.scrollY), 0);
  assert.equal(await page.evaluate(() => document.activeElement.tagName + ':' + document.activeElement.textContent), 'H1:Long list 23');

  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.getByRole('link', { name: '← All events' }).click();
  await page.waitForSelector('.events .event');
  assert.equal(await page.evaluate(() => window.scrollY), 0);
  await screenshot(page, 'desktop-event-list');
});

test('the availability bar shows the seats available, as its label says', async () => {
  const eventId = await createHouse(gateway, 'Bar');
  await gateway.api('POST', '/holds', { event_id: eventId, qty: 5 });
  const page = await person(browser);
  await page.goto(gateway.url);
  const bar = page.locator(`.event a[data-event-id="${eventId}"] meter`);
  await bar.waitFor();
  assert.deepEqual(await bar.evaluate(m => [m.value, m.max, m.labels.length ? m.labels[0].textContent : document.getElementById(m.getAttribute('aria-labelledby')).textContent]),
    [17, 22, '17 of 22 seats available']);
  await page.goto(`${gateway.url}/#/events/${eventId}`);
  const eventBar = page.locator('.counts meter');
  await eventBar.waitFor();
  assert.deepEqual(await eventBar.evaluate(m => [m.value, document.getElementById(m.getAttribute('aria-labelledby')).textContent]), [17, '17 of 22 seats available']);
});

// Whether a seat is cut off by the map's frame (or the screen), and whether the page says the map scrolls.
async function mapFit(page) {
  return page.evaluate(() => {
    const map = document.querySelector('.seat-map');
    const frame = map.getBoundingClientRect();
    const hint = document.querySelector('.scroll-hint');
    const hintShown = !hint.hidden && hint.getBoundingClientRect().height > 0 && /scroll/i.test(hint.textContent);
    const cut = [...map.querySelectorAll('.seat')].filter(s => {
      const r = s.getBoundingClientRect();
      return r.left < frame.left || r.right > Math.min(frame.right, innerWidth);
    }).map(s => s.dataset.seat);
    return { cut, hintShown, pageOverflow: document.documentElement.scrollWidth - innerWidth, scrollable: map.scrollWidth > map.clientWidth };
  });
}

test('on a phone a small map fits whole, and a wide one scrolls sideways with a visible cue', async () => {
  const small = await createHouse(gateway, 'Phone small');
  const wide = await createHall(gateway, 'Phone wide', 6, 24);
  const page = await person(browser, phone);

  await page.goto(`${gateway.url}/#/events/${small}`);
  await page.waitForSelector('.seat');
  let fit = await mapFit(page);
  assert.deepEqual([fit.cut, fit.hintShown, fit.scrollable], [[], false, false]);
  assert.ok(fit.pageOverflow <= 0, `the page is ${fit.pageOverflow}px wider than the screen`);
  await screenshot(page, 'phone-small-map');

  await page.goto(`${gateway.url}/#/events/${wide}`);
  await page.waitForSelector('.seat[data-seat="F24"]');
  fit = await mapFit(page);
  assert.ok(fit.pageOverflow <= 0, `the page is ${fit.pageOverflow}px wider than the screen`);
  assert.ok(fit.cut.length > 0 && fit.scrollable, 'the wide map was expected not to fit a phone');
  assert.ok(fit.hintShown, `seats ${fit.cut.slice(0, 5)} are cut off without a hint`);
  assert.match(await page.locator('.scroll-hint').innerText(), /More seats to the right/);
  assert.ok(await page.locator('.seat-frame.more-right').count() === 1);
  // Seats stay big enough to tap.
  const size = await seat(page, 'A1').evaluate(s => s.getBoundingClientRect().width);
  assert.ok(size >= 24, `seats are ${size}px wide`);
  await screenshot(page, 'phone-wide-map');

  // Scrolled to the end, the cue points back; a live update does not throw the person back to the start.
  await page.locator('.seat-map').evaluate(m => { m.scrollLeft = m.scrollWidth; });
  await page.waitForSelector('.seat-frame.more-left:not(.more-right)');
  assert.match(await page.locator('.scroll-hint').innerText(), /More seats to the left/);
  const before = await page.locator('.seat-map').evaluate(m => m.scrollLeft);
  await gateway.api('POST', '/holds', { event_id: wide, seats: ['F24'] });
  await page.waitForSelector('.seat[data-seat="F24"].held');
  assert.equal(await page.locator('.seat-map').evaluate(m => m.scrollLeft), before);
  await screenshot(page, 'phone-wide-map-end');
  assert.deepEqual(page.errors, []);
});

test('on a phone seats are chosen and held with the keyboard', async () => {
  const eventId = await createHouse(gateway, 'Phone and keyboard');
  const page = await person(browser, phone);
  await page.goto(`${gateway.url}/#/events/${eventId}`);
  await page.waitForSelector('.seat');

  await seat(page, 'A1').focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.seat[data-seat="B2"].selected');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.seat), 'B2');
  assert.equal(await seat(page, 'B2').getAttribute('aria-pressed'), 'true');
  await screenshot(page, 'phone-selected');
  await page.getByRole('button', { name: 'Hold 1 selected seat' }).press('Enter');
  await page.locator('.card.held').waitFor();
  await screenshot(page, 'phone-held');
  assert.deepEqual(page.errors, []);
});

test('on a phone the selection bar stays in view below a tall map, and messages sit above it', async () => {
  const eventId = await createHall(gateway, 'Phone tall', 20, 10);
  const page = await person(browser, phone);
  await page.goto(`${gateway.url}/#/events/${eventId}`);
  await seat(page, 'B3').click();
  const bar = page.locator('.chosen.active');
  await bar.waitFor();
  const inView = () => bar.evaluate(b => { const r = b.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight + 1; });
  assert.equal(await inView(), true, 'the bar with the Hold button is not in view while the map is');
  await seat(page, 'B4').click();
  await page.getByRole('button', { name: 'Hold 2 selected seats' }).click();
  await page.locator('.card.held').waitFor();
  // Held: the bar has nothing to hold any more and the message bar has the bottom of the screen again.
  assert.equal(await page.locator('.chosen.active').count(), 0);
  await seat(page, 'T5').scrollIntoViewIfNeeded();
  await seat(page, 'T5').click();
  await seat(page, 'T6').click();
  await page.route('**/holds', route => route.abort());
  await page.getByRole('button', { name: 'Hold 2 selected seats' }).click();
  await expectMessage(page, /cannot be reached/, 'error');
  const overlap = await page.evaluate(() => {
    const a = document.getElementById('notice').getBoundingClientRect();
    const b = document.querySelector('.chosen.active').getBoundingClientRect();
    return a.bottom > b.top && a.top < b.bottom;
  });
  assert.equal(overlap, false, 'the message covers the selection bar');
  await page.screenshot({ path: `${outputDir}/phone-selection-bar.png` });
  assert.deepEqual(page.errors, []);
});
