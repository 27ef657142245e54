// A booking made in this browser, as a short confirmation: which event, which seats, which booking id.
import { h, when } from './dom.js';
import { seatNames } from './seat-names.js';

export function confirmationCard(booking, event, seats, actions) {
  const titleId = `booking-${booking.booking_id}`;
  return h('section', { class: 'card booked', dataset: { bookingId: booking.booking_id }, 'aria-labelledby': titleId },
    h('h3', { id: titleId, tabindex: -1 }, 'Booking confirmed'),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Event'), h('dd', {}, [event.name, event.venue, when(event.starts_at)].filter(Boolean).join(' · ')),
      h('dt', {}, 'Seats'), h('dd', {}, seatNames(booking.seats, seats)),
      h('dt', {}, 'Booking'), h('dd', { class: 'booking-id' }, booking.booking_id),
      h('dt', {}, 'Booked at'), h('dd', {}, when(booking.created_at))),
    h('div', { class: 'buttons' },
      h('button', { type: 'button', class: 'quiet', dataset: { key: `cancel-${booking.booking_id}` }, onclick: () => actions.cancel(booking) }, 'Cancel booking')));
}
