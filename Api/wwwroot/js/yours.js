// "Your seats": the holds (with their countdown, payment token and Book button) and bookings made in this browser.
import { h, when } from './dom.js';

export function drawYours(own, expired, actions) {
  if (own.holds.length === 0 && own.bookings.length === 0 && expired.length === 0) return null;
  return h('section', { class: 'yours', 'aria-labelledby': 'yours-title' },
    h('h2', { id: 'yours-title' }, 'Your seats'),
    own.holds.map(hold => holdCard(hold, actions)),
    expired.map(hold => h('div', { class: 'card expired', dataset: { holdId: hold.hold_id } },
      h('p', {}, h('strong', {}, 'Hold expired: '), hold.seats.join(', '), ' went back on sale.'),
      h('button', { type: 'button', class: 'quiet', onclick: () => actions.dismiss(hold.hold_id) }, 'Dismiss'))),
    own.bookings.map(booking => h('div', { class: 'card booked', dataset: { bookingId: booking.booking_id } },
      h('p', {}, h('strong', {}, 'Booked: '), booking.seats.join(', ')),
      h('p', { class: 'small' }, `Booking ${booking.booking_id} · ${when(booking.created_at)}`),
      h('button', { type: 'button', class: 'quiet', onclick: () => actions.cancel(booking) }, 'Cancel booking'))));
}

/** "Expires in 1:54", or "Expiring…" once the time is up (the page then asks the hold's status). */
export function countdown(expiresAt) {
  const left = Math.max(0, Math.round((Date.parse(expiresAt) - Date.now()) / 1000));
  return left > 0 ? `Expires in ${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}` : 'Expiring…';
}

function holdCard(hold, actions) {
  const id = `token-${hold.hold_id.replace(/[^A-Za-z0-9_-]/g, '')}`;
  const token = h('input', { id, value: hold.payment_token || '', autocomplete: 'off', spellcheck: 'false', required: true });
  return h('form', {
    class: 'card held', dataset: { holdId: hold.hold_id },
    onsubmit: (e) => { e.preventDefault(); actions.book(hold, token.value.trim()); },
  },
  h('p', {}, h('strong', {}, 'Held: '), hold.seats.join(', ')),
  h('p', { class: 'countdown', role: 'timer', dataset: { expires: hold.expires_at } }, countdown(hold.expires_at)),
  h('label', { for: id }, 'Payment token'), token,
  h('div', { class: 'buttons' },
    h('button', { type: 'submit' }, 'Book'),
    h('button', { type: 'button', class: 'quiet', onclick: () => actions.release(hold) }, 'Release')));
}
