// Assertions about what a person sees and hears on the page, shared by the test files.
import assert from 'node:assert/strict';

/**
 * Waits for the message bar to say `pattern`, then asserts that the message is inside the viewport (wherever the
 * page is scrolled) and inside a live region, so screen readers announce it; errors must be in an assertive one.
 */
export async function expectMessage(page, pattern, kind) {
  await page.waitForFunction(([source, flags]) => new RegExp(source, flags).test(document.getElementById('notice')?.innerText || ''),
    [pattern.source, pattern.flags], { timeout: 10000 });
  const seen = await page.evaluate((source) => {
    const notice = document.getElementById('notice');
    const text = [...notice.querySelectorAll('[aria-live]')].find(region => region.textContent.trim());
    const box = text.getBoundingClientRect();
    const style = getComputedStyle(text);
    return {
      text: text.textContent,
      live: text.getAttribute('aria-live'),
      role: text.getAttribute('role'),
      kind: notice.className,
      inView: box.width > 0 && box.height > 0 && box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth,
      visible: style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0,
      box: [box.left, box.top, box.right, box.bottom, innerWidth, innerHeight, scrollY].map(Math.round),
    };
  }, pattern.source);
  assert.match(seen.text, pattern);
  assert.ok(seen.inView && seen.visible, `the message "${seen.text}" is not in the viewport: ${seen.box}`);
  assert.ok(['polite', 'assertive'].includes(seen.live), `the message "${seen.text}" is not in a live region`);
  if (kind) assert.ok(seen.kind.split(' ').includes(kind), `the message "${seen.text}" is "${seen.kind}", not ${kind}`);
  if (kind === 'error') assert.deepEqual([seen.role, seen.live], ['alert', 'assertive']);
  return seen.text;
}

/** Scrolls the window to its end first, so that a message shown only at the top of the page would fail expectMessage. */
export async function scrollToEnd(page) {
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
}

export const seat = (page, label) => page.locator(`.seat-map .seat[data-seat="${label}"]`);

/** The seats of this browser's holds of an event, as the page remembers them (best available chooses them). */
export async function heldSeats(page, eventId) {
  const mine = await page.evaluate(() => JSON.parse(localStorage.getItem('ticketboss.mine') || '{}'));
  return (mine[eventId]?.holds ?? []).flatMap(hold => hold.seats);
}
