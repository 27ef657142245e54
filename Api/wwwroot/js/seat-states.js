// The states a seat is drawn in, and how each is told apart without colour: the CSS gives each its own border
// style, fill pattern or mark (see .seat.* in app.css), and the words here go to screen readers and the legend.
export const SEAT_STATES = [
  { state: 'available', legend: 'Free', spoken: 'free' },
  { state: 'selected', legend: 'Selected by you (✓)', spoken: 'selected' },
  { state: 'yours-held', legend: 'Held for you (★, striped)', spoken: 'held for you' },
  { state: 'yours-booked', legend: 'Booked by you (★)', spoken: 'booked by you' },
  { state: 'held', legend: 'Held by someone (striped)', spoken: 'held by someone else' },
  { state: 'booked', legend: 'Sold (crossed out)', spoken: 'sold' },
];

export const spoken = (state) => SEAT_STATES.find(s => s.state === state)?.spoken ?? state;

export function stateOf(seat, yours, selected) {
  if (yours.booked.has(seat.label)) return 'yours-booked';
  if (yours.held.has(seat.label) && seat.status === 'held') return 'yours-held';
  if (seat.status === 'available' && selected.has(seat.label)) return 'selected';
  return seat.status;
}
