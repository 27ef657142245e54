// "Your seats": the holds being checked out, holds that ran out, and bookings made in this browser.
import { checkoutCard } from './checkout.js';
import { confirmationCard } from './confirmation.js';
import { h } from './dom.js';

export function drawYours(own, expired, event, seats, actions) {
  if (own.holds.length === 0 && own.bookings.length === 0 && expired.length === 0) return null;
  return h('section', { class: 'yours', 'aria-labelledby': 'yours-title' },
    h('h2', { id: 'yours-title' }, 'Your seats'),
    own.holds.map(hold => checkoutCard(hold, seats, actions)),
    expired.map(hold => h('section', { class: 'card expired', dataset: { holdId: hold.hold_id }, 'aria-label': 'Hold expired' },
      h('p', {}, h('strong', {}, 'Hold expired: '), hold.seats.join(', '), ' went back on sale.'),
      h('button', { type: 'button', class: 'quiet', onclick: () => actions.dismiss(hold.hold_id) }, 'Dismiss'))),
    own.bookings.map(booking => confirmationCard(booking, event, seats, actions)));
}
