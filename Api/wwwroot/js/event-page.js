// One event: its seat map kept live from GET /events/{id}/stream, and holding, booking, releasing and
// cancelling seats. Holds and bookings made here are remembered in this browser and shown as "yours".
import { call } from './api.js';
import { notify } from './app.js';
import { h, when } from './dom.js';
import { mine } from './mine.js';
import { drawSeatMap, MAX_DRAWN_SEATS } from './seat-map.js';
import { countdown, drawYours } from './yours.js';

export async function showEvent(main, eventId) {
  const page = new EventPage(main, eventId);
  await page.start();
  return () => page.stop();
}

class EventPage {
  constructor(main, eventId) {
    this.main = main;
    this.eventId = eventId;
    this.selected = new Set();
    this.seats = [];
    this.expired = [];
    this.timer = null;
    this.stream = null;
  }

  async start() {
    const answer = await call('GET', `/events/${encodeURIComponent(this.eventId)}`);
    if (!answer.ok) {
      this.main.replaceChildren(h('h1', {}, 'Event not available'), h('p', {}, answer.message), h('a', { href: '#/' }, '← All events'));
      return;
    }
    this.snapshot = answer.body;
    await this.loadSeats();
    this.render();
    this.listen();
    this.timer = setInterval(() => this.tick(), 1000);
  }

  stop() {
    clearInterval(this.timer);
    this.stream?.close();
  }

  /** Every committed change arrives as a snapshot; the seat states are then read again. */
  listen() {
    this.stream = new EventSource(`/events/${encodeURIComponent(this.eventId)}/stream`);
    this.stream.addEventListener('snapshot', async (message) => {
      const snapshot = JSON.parse(message.data);
      if (snapshot.version <= this.snapshot.version && this.seats.length) return;
      this.snapshot = snapshot;
      await this.loadSeats();
      await this.checkMyHolds();
      this.render();
    });
    this.stream.onerror = () => this.setLive(false);
    this.stream.onopen = () => this.setLive(true);
  }

  setLive(live) {
    const badge = this.main.querySelector('.live');
    if (badge) { badge.textContent = live ? '● Live' : '○ Reconnecting…'; badge.classList.toggle('off', !live); }
  }

  async loadSeats() {
    if (this.snapshot.total > MAX_DRAWN_SEATS) { this.seats = []; return; }
    const answer = await call('GET', `/events/${encodeURIComponent(this.eventId)}/seats`);
    if (answer.ok) {
      this.seats = answer.body.seats;
      this.snapshot = { ...this.snapshot, version: Math.max(this.snapshot.version, answer.body.version) };
      const lost = [...this.selected].filter(label => this.seats.find(s => s.label === label)?.status !== 'available');
      lost.forEach(label => this.selected.delete(label));
      if (lost.length) notify(`Someone else just took ${lost.join(', ')}; ${lost.length === 1 ? 'it is' : 'they are'} no longer selected.`, 'error');
    }
  }

  yours() {
    const own = mine.of(this.eventId);
    return {
      held: new Set(own.holds.flatMap(hold => hold.seats)),
      booked: new Set(own.bookings.flatMap(booking => booking.seats)),
    };
  }

  render() {
    const s = this.snapshot;
    const drawn = this.seats.length > 0;
    const focused = document.activeElement?.dataset?.seat;
    this.main.replaceChildren(...[
      h('a', { href: '#/', class: 'back' }, '← All events'),
      h('h1', {}, s.name),
      h('p', { class: 'meta' }, [s.venue, when(s.starts_at)].filter(Boolean).join(' · ')),
      h('p', { class: 'counts', 'aria-live': 'polite' },
        h('span', { class: 'live' }, '● Live'), ' ',
        h('strong', { 'data-testid': 'available' }, String(s.available)), ` of ${s.total} available · ${s.held} held · ${s.booked} booked`),
      drawn ? legend() : null,
      drawn ? drawSeatMap(this.seats, this.yours(), this.selected, label => this.toggle(label)) : h('p', {}, 'This event is too large to draw; ask for a number of seats.'),
      drawYours(mine.of(this.eventId), this.expired, {
        book: (hold, token) => this.book(hold, token),
        release: (hold) => this.release(hold),
        cancel: (booking) => this.cancel(booking),
        dismiss: (holdId) => { this.expired = this.expired.filter(x => x.hold_id !== holdId); this.render(); },
      }),
      this.holdForm(drawn),
    ].filter(Boolean));
    if (focused) this.main.querySelector(`[data-seat="${CSS.escape(focused)}"]`)?.focus();
  }

  holdForm(drawn) {
    const chosen = [...this.selected];
    const quantity = h('input', { id: 'qty', name: 'qty', type: 'number', min: 1, max: 100, value: 2, inputmode: 'numeric' });
    return h('section', { class: 'hold-form', 'aria-label': 'Hold seats' },
      drawn ? h('div', { class: 'chosen' },
        h('p', {}, chosen.length ? `Selected: ${chosen.join(', ')}` : 'Pick seats on the map, or ask for a number of seats below.'),
        h('button', { type: 'button', disabled: chosen.length === 0, onclick: () => this.hold({ seats: chosen }) }, chosen.length ? `Hold ${chosen.length} selected seat${chosen.length === 1 ? '' : 's'}` : 'Hold selected seats'),
        chosen.length ? h('button', { type: 'button', class: 'quiet', onclick: () => { this.selected.clear(); this.render(); } }, 'Clear') : null) : null,
      h('form', { class: 'quantity', onsubmit: (e) => { e.preventDefault(); this.hold({ qty: Number(quantity.value) }); } },
        h('label', { for: 'qty' }, 'Number of seats'), quantity,
        h('button', { type: 'submit' }, 'Hold best available')));
  }

  toggle(label) {
    if (this.selected.has(label)) this.selected.delete(label); else this.selected.add(label);
    this.render();
  }

  async hold(request) {
    const answer = await call('POST', '/holds', { event_id: this.eventId, ...request });
    if (!answer.ok) {
      notify(answer.message, 'error');
      await this.refresh();
      return;
    }
    mine.addHold(this.eventId, answer.body);
    this.selected.clear();
    notify(`Held ${answer.body.seats.join(', ')}. Book before the time runs out.`, 'success');
    await this.refresh();
  }

  async book(hold, token) {
    const answer = await call('POST', '/book', { hold_id: hold.hold_id, payment_token: token });
    if (!answer.ok) {
      notify(answer.message, 'error');
      if (answer.code === 'hold_expired' || answer.code === 'hold_released' || answer.code === 'hold_not_found') this.markEnded(hold, answer.code);
      await this.refresh();
      return;
    }
    mine.dropHold(this.eventId, hold.hold_id);
    mine.addBooking(this.eventId, answer.body);
    notify(`Booked ${answer.body.seats.join(', ')}. Booking ${answer.body.booking_id}.`, 'success');
    await this.refresh();
  }

  async release(hold) {
    const answer = await call('DELETE', `/holds/${encodeURIComponent(hold.hold_id)}`);
    if (!answer.ok && answer.status !== 404) { notify(answer.message, 'error'); return; }
    mine.dropHold(this.eventId, hold.hold_id);
    notify(`Released ${hold.seats.join(', ')}.`);
    await this.refresh();
  }

  async cancel(booking) {
    const answer = await call('DELETE', `/bookings/${encodeURIComponent(booking.booking_id)}`);
    if (!answer.ok && answer.status !== 404) { notify(answer.message, 'error'); return; }
    mine.dropBooking(this.eventId, booking.booking_id);
    notify(`Cancelled booking ${booking.booking_id}; its seats are back on sale.`);
    await this.refresh();
  }

  async refresh() {
    const answer = await call('GET', `/events/${encodeURIComponent(this.eventId)}`);
    if (answer.ok) this.snapshot = answer.body;
    await this.loadSeats();
    this.render();
  }

  /** A hold of mine whose time is up, or whose seats are no longer held, is asked for its status. */
  async checkMyHolds() {
    const now = Date.now();
    const states = new Map(this.seats.map(s => [s.label, s.status]));
    for (const hold of mine.of(this.eventId).holds) {
      const lapsed = Date.parse(hold.expires_at) <= now;
      const lost = this.seats.length > 0 && hold.seats.some(label => states.get(label) !== 'held');
      if (!lapsed && !lost) continue;
      const answer = await call('GET', `/holds/${encodeURIComponent(hold.hold_id)}`);
      if (answer.ok && answer.body.status === 'active') continue;
      this.markEnded(hold, answer.ok ? answer.body.status : 'hold_not_found');
    }
  }

  markEnded(hold, status) {
    mine.dropHold(this.eventId, hold.hold_id);
    if (status === 'expired' || status === 'hold_expired') {
      this.expired = [...this.expired.filter(x => x.hold_id !== hold.hold_id), hold];
      notify(`Your hold on ${hold.seats.join(', ')} expired; the seats went back on sale.`, 'error');
    }
  }

  async tick() {
    const holds = mine.of(this.eventId).holds;
    for (const element of this.main.querySelectorAll('[data-expires]')) {
      element.textContent = countdown(element.dataset.expires);
    }
    if (holds.some(hold => Date.parse(hold.expires_at) <= Date.now())) {
      await this.checkMyHolds();
      this.render();
    }
  }
}

function legend() {
  return h('ul', { class: 'legend', 'aria-label': 'Legend' },
    ['available', 'selected', 'yours-held', 'yours-booked', 'held', 'booked'].map(state =>
      h('li', {}, h('span', { class: `seat swatch ${state === 'selected' ? 'available selected' : state}`, 'aria-hidden': 'true' }),
        { available: 'Free', selected: 'Selected', 'yours-held': 'Held by you', 'yours-booked': 'Booked by you', held: 'Held', booked: 'Booked' }[state])));
}
