// A hold as a checkout: the seats, the time left and one button to book. The payment token from the hold's answer
// stays in this browser and is sent by the page; the buyer never sees or copies it.
import { countdown } from './countdown.js';
import { h } from './dom.js';
import { seatNames } from './seat-names.js';

export function checkoutCard(hold, seats, actions) {
  const titleId = `hold-${hold.hold_id}`;
  const count = hold.seats.length;
  return h('section', { class: 'card held', dataset: { holdId: hold.hold_id }, 'aria-labelledby': titleId },
    h('h3', { id: titleId, tabindex: -1 }, `Held for you: ${count} seat${count === 1 ? '' : 's'}`),
    h('p', { class: 'seat-names' }, h('strong', {}, 'Seats '), seatNames(hold.seats, seats)),
    // Answers from gateways that say whether quantity-held seats sit together.
    hold.adjacent === false ? h('p', { class: 'warning' }, 'These seats are not all next to each other.') : null,
    hold.adjacent === true && count > 1 ? h('p', {}, 'These seats are next to each other.') : null,
    h('p', { class: 'countdown', role: 'timer', dataset: { expires: hold.expires_at } }, countdown(hold.expires_at)),
    h('div', { class: 'buttons' },
      h('button', { type: 'button', dataset: { key: `book-${hold.hold_id}` }, onclick: () => actions.book(hold) }, `Book ${count} seat${count === 1 ? '' : 's'}`),
      h('button', { type: 'button', class: 'quiet', dataset: { key: `release-${hold.hold_id}` }, onclick: () => actions.release(hold) }, 'Release')));
}
