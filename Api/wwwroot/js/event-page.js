// One event: its seat map kept live from GET /events/{id}/stream, and holding, booking, releasing and
// cancelling seats. Holds and bookings made here are remembered in this browser and shown as "yours".
import { call } from './api.js';
import { availability } from './availability.js';
import { countdown, secondsLeft } from './countdown.js';
import { h, when } from './dom.js';
import { holdForm } from './hold-form.js';
import { endedHolds, lastCalls } from './hold-watch.js';
import { openFeed } from './live-feed.js';
import { mine } from './mine.js';
import { notify } from './notify.js';
import { hasStarted } from './schedule.js';
import { watchOverflow } from './scroll-cue.js';
import { seatLegend } from './seat-legend.js';
import { drawSeatMap, MAX_DRAWN_SEATS, repaintSeatMap } from './seat-map.js';
import { seatNames } from './seat-names.js';
import { drawYours } from './yours.js';

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
    // Seats of a hold this page has asked for and not yet heard back about: the live feed may report them held
    // before the answer arrives, and they must not then be announced as taken by someone else.
    this.asking = new Set();
    this.seats = [];
    this.expired = [];
    this.warned = new Set();
    this.timer = null;
    this.stopped = false;
  }

  async start() {
    const answer = await call('GET', `/events/${encodeURIComponent(this.eventId)}`);
    if (!answer.ok) {
      this.main.replaceChildren(h('h1', { tabindex: -1 }, 'Event not available'), h('p', {}, answer.message), h('a', { href: '#/' }, '← All events'));
      notify(answer.message, 'error');
      return;
    }
    this.snapshot = answer.body;
    await this.loadSeats();
    this.build();
    this.render();
    this.listen();
    this.timer = setInterval(() => this.tick(), 1000);
  }

  stop() {
    this.stopped = true;
    clearInterval(this.timer);
    this.closeFeed?.();
    this.unwatch?.();
    this.dock?.disconnect();
    document.documentElement.style.removeProperty('--dock');
  }

  /** Every committed change arrives as a snapshot; the seat states are then read again. */
  listen() {
    this.closeFeed = openFeed(this.eventId, async (snapshot) => {
      if (snapshot.version <= this.snapshot.version && this.seats.length) return;
      this.snapshot = { ...this.snapshot, ...snapshot };
      await this.loadSeats();
      await this.checkMyHolds();
      this.render();
    }, live => this.setLive(live));
  }

  setLive(live) {
    this.live.textContent = live ? '● Live' : '○ Reconnecting…';
    this.live.classList.toggle('off', !live);
  }

  /** `quiet`: the caller has already told the person why seats were lost, so deselecting them says nothing more. */
  async loadSeats({ quiet = false } = {}) {
    if (this.snapshot.total > MAX_DRAWN_SEATS) { this.seats = []; return; }
    const answer = await call('GET', `/events/${encodeURIComponent(this.eventId)}/seats`);
    if (!answer.ok) return;
    this.seats = answer.body.seats;
    this.snapshot = { ...this.snapshot, version: Math.max(this.snapshot.version, answer.body.version) };
    const lost = [...this.selected].filter(label => !this.asking.has(label) && this.seats.find(s => s.label === label)?.status !== 'available');
    lost.forEach(label => this.selected.delete(label));
    if (lost.length && !quiet) notify(`Someone else just took ${lost.join(', ')}; ${lost.length === 1 ? 'it is' : 'they are'} no longer selected. Pick other seats.`, 'error');
  }

  yours() {
    const own = mine.of(this.eventId);
    return {
      held: new Set(own.holds.flatMap(hold => hold.seats)),
      booked: new Set(own.bookings.flatMap(booking => booking.seats)),
    };
  }

  /** The parts of the page that stay: only their contents change on updates, so typing and scrolling survive. */
  build() {
    const s = this.snapshot;
    this.live = h('span', { class: 'live' }, '● Live');
    this.counts = h('div', { class: 'counts' });
    this.form = holdForm(request => this.act(() => this.hold(request)), () => { this.selected.clear(); this.render(); });
    // The selection bar is the map area's last child: sticky at the bottom while the map is in view.
    this.mapBox = h('div', {});
    this.mapArea = h('div', { class: 'map-area' }, this.mapBox, this.form.bar);
    this.dock = new ResizeObserver(() => dockHeight(this.form.bar));
    this.dock.observe(this.form.bar);
    this.yoursArea = h('div', { class: 'yours-area' });
    this.main.replaceChildren(
      h('a', { href: '#/', class: 'back' }, '← All events'),
      h('h1', { tabindex: -1 }, s.name),
      h('p', { class: 'meta' },
        hasStarted(s) ? [h('span', { class: 'past-mark' }, 'Past'), ' '] : null,
        [s.venue, s.starts_at ? when(s.starts_at) : null].filter(Boolean).join(' · ')),
      this.counts,
      this.mapArea,
      this.form.element,
      this.yoursArea);
  }

  render() {
    if (this.stopped) return;
    const s = this.snapshot;
    const drawn = this.seats.length > 0;
    const focused = focusKey(document.activeElement);
    this.counts.replaceChildren(this.live, availability(s.available, s.total), h('span', { class: 'meta' }, `${s.held} held · ${s.booked} sold`));
    this.drawMap(drawn);
    this.form.update(this.selected, drawn);
    dockHeight(this.form.bar);
    const own = mine.of(this.eventId);
    const yours = drawYours(own, this.expired, s, this.seats, {
      book: (hold) => this.act(() => this.book(hold)),
      release: (hold) => this.act(() => this.release(hold)),
      cancel: (booking) => this.act(() => this.cancel(booking)),
      dismiss: (holdId) => { this.expired = this.expired.filter(x => x.hold_id !== holdId); this.render(); },
    });
    this.yoursArea.replaceChildren(...(yours ? [yours] : []));
    if (focused && !this.main.contains(document.activeElement)) {
      this.main.querySelector(focused)?.focus({ preventScroll: true });
    }
  }

  drawMap(drawn) {
    const drawnMap = this.mapBox.querySelector('.seat-map');
    if (drawn && drawnMap && repaintSeatMap(drawnMap, this.seats, this.yours(), this.selected)) return;
    const scrolled = drawnMap?.scrollLeft ?? 0;
    this.unwatch?.();
    this.unwatch = null;
    if (!drawn) {
      this.mapBox.replaceChildren(h('p', {}, 'This event is too large to draw; ask for a number of seats.'));
      return;
    }
    const map = drawSeatMap(this.seats, this.yours(), this.selected, label => this.toggle(label));
    const hint = h('p', { class: 'scroll-hint', id: 'scroll-hint', hidden: true });
    const frame = h('div', { class: 'seat-frame' }, map);
    map.setAttribute('aria-describedby', 'scroll-hint');
    this.mapBox.replaceChildren(seatLegend(), hint, frame);
    map.scrollLeft = scrolled;
    this.unwatch = watchOverflow(frame, map, hint);
  }

  toggle(label) {
    if (this.selected.has(label)) this.selected.delete(label); else this.selected.add(label);
    this.render();
  }

  /**
   * One action at a time: a double tap must not hold twice (the second would fail on the first's seats). An action
   * answers what to do once its request is settled (reading the event again), which no longer blocks the next one.
   */
  async act(action) {
    if (this.busy) return;
    this.busy = true;
    let then;
    try { then = await action(); } finally { this.busy = false; }
    await then?.();
  }

  async hold(request) {
    (request.seats || []).forEach(label => this.asking.add(label));
    const answer = await call('POST', '/holds', { event_id: this.eventId, ...request });
    this.asking.clear();
    if (!answer.ok) {
      notify(answer.message, 'error');
      return () => this.refresh({ quiet: true });
    }
    mine.addHold(this.eventId, answer.body);
    this.selected.clear();
    this.render();
    notify(`Held ${seatNames(answer.body.seats, this.seats)} for you. Book them in “Your seats” before the time runs out.`, 'success');
    this.reveal(`.card.held[data-hold-id="${CSS.escape(answer.body.hold_id)}"]`);
    return () => this.refresh();
  }

  async book(hold) {
    const answer = await call('POST', '/book', { hold_id: hold.hold_id, payment_token: hold.payment_token });
    if (!answer.ok) {
      // An ended hold leaves the checkout; an expired one says so in its own words (markEnded).
      if (answer.code !== 'hold_expired') notify(answer.message, 'error');
      if (['hold_expired', 'hold_released', 'hold_not_found', 'booking_cancelled'].includes(answer.code)) this.markEnded(hold, answer.code);
      this.render();
      return () => this.refresh();
    }
    mine.dropHold(this.eventId, hold.hold_id);
    mine.addBooking(this.eventId, answer.body);
    this.render();
    notify(`Booked: ${seatNames(answer.body.seats, this.seats)} for “${this.snapshot.name}”. Booking ${answer.body.booking_id}.`, 'success');
    this.reveal(`.card.booked[data-booking-id="${CSS.escape(answer.body.booking_id)}"]`);
    return () => this.refresh();
  }

  async release(hold) {
    const answer = await call('DELETE', `/holds/${encodeURIComponent(hold.hold_id)}`);
    // Unknown (404) or ended (410): either way the seats are no longer this person's, which is what they asked.
    const gone = answer.status === 404 || answer.status === 410;
    if (!answer.ok && !gone) { notify(answer.message, 'error'); return null; }
    mine.dropHold(this.eventId, hold.hold_id);
    this.render();
    notify(gone ? `The hold on ${hold.seats.join(', ')} had already ended; the seats are back on sale.` : `Released ${hold.seats.join(', ')}; they are back on sale.`, 'success');
    return () => this.refresh();
  }

  async cancel(booking) {
    const answer = await call('DELETE', `/bookings/${encodeURIComponent(booking.booking_id)}`);
    const gone = answer.status === 404 || answer.status === 410;
    if (!answer.ok && !gone) { notify(answer.message, 'error'); return null; }
    mine.dropBooking(this.eventId, booking.booking_id);
    this.render();
    notify(gone ? `Booking ${booking.booking_id} was already cancelled.` : `Cancelled booking ${booking.booking_id}; its seats are back on sale.`, 'success');
    return () => this.refresh();
  }

  /** The card a person's action produced comes into view with focus on its heading, so keyboards continue there. */
  reveal(selector) {
    const card = this.main.querySelector(selector);
    if (!card) return;
    card.querySelector('h3')?.focus({ preventScroll: true });
    card.scrollIntoView({ block: 'nearest' });
  }

  async refresh(options) {
    const answer = await call('GET', `/events/${encodeURIComponent(this.eventId)}`);
    if (answer.ok) this.snapshot = answer.body;
    await this.loadSeats(options);
    this.render();
  }

  async checkMyHolds() {
    for (const { hold, status } of await endedHolds(mine.of(this.eventId).holds, this.seats)) this.markEnded(hold, status);
  }

  markEnded(hold, status) {
    mine.dropHold(this.eventId, hold.hold_id);
    if (status === 'expired' || status === 'hold_expired') {
      this.expired = [...this.expired.filter(x => x.hold_id !== hold.hold_id), hold];
      notify(`Your hold on ${hold.seats.join(', ')} expired; the seats went back on sale. Hold them again to book.`, 'error');
    }
  }

  async tick() {
    const holds = mine.of(this.eventId).holds;
    for (const element of this.main.querySelectorAll('[data-expires]')) {
      element.textContent = countdown(element.dataset.expires);
    }
    // The countdown is a timer (not announced each second); the last call is.
    for (const hold of lastCalls(holds, this.warned)) notify(`${secondsLeft(hold.expires_at)} seconds left to book ${hold.seats.join(', ')}.`);
    if (holds.some(hold => Date.parse(hold.expires_at) <= Date.now())) {
      await this.checkMyHolds();
      this.render();
    }
  }
}

// The message bar floats above the selection bar while that bar is showing (see --dock in app.css).
function dockHeight(bar) {
  const height = bar.classList.contains('active') && !bar.hidden ? bar.offsetHeight : 0;
  document.documentElement.style.setProperty('--dock', `${height}px`);
}

// How to find the focused element again once redrawn: seats and buttons by their data, headings by their id.
function focusKey(element) {
  if (element?.dataset?.seat) return `[data-seat="${CSS.escape(element.dataset.seat)}"]`;
  if (element?.dataset?.key) return `[data-key="${CSS.escape(element.dataset.key)}"]`;
  return element?.id && element !== document.body ? `#${CSS.escape(element.id)}` : null;
}
