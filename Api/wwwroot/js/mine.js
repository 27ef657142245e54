// The holds and bookings made from this browser, per event, so the page can show "your" seats.
const KEY = 'ticketboss.mine';

function load() {
  try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch { return {}; }
}

function save(all) { localStorage.setItem(KEY, JSON.stringify(all)); }

export const mine = {
  of(eventId) { return load()[eventId] || { holds: [], bookings: [] }; },
  update(eventId, change) {
    const all = load();
    const entry = all[eventId] || { holds: [], bookings: [] };
    change(entry);
    all[eventId] = entry;
    save(all);
  },
  addHold(eventId, hold) { this.update(eventId, e => { e.holds = [...e.holds.filter(h => h.hold_id !== hold.hold_id), hold]; }); },
  dropHold(eventId, holdId) { this.update(eventId, e => { e.holds = e.holds.filter(h => h.hold_id !== holdId); }); },
  addBooking(eventId, booking) { this.update(eventId, e => { e.bookings = [...e.bookings.filter(b => b.booking_id !== booking.booking_id), booking]; }); },
  dropBooking(eventId, bookingId) { this.update(eventId, e => { e.bookings = e.bookings.filter(b => b.booking_id !== bookingId); }); },
};
