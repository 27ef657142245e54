// Draws an event's seats as buttons, section by section and row by row: free, held, booked, or yours.
import { h } from './dom.js';

/** The largest event drawn seat by seat; beyond it the page offers quantities only. */
export const MAX_DRAWN_SEATS = 3000;

const STATUS_TEXT = { available: 'free', held: 'held', booked: 'booked', 'yours-held': 'held by you', 'yours-booked': 'booked by you' };

export function stateOf(seat, yours) {
  if (yours.booked.has(seat.label)) return 'yours-booked';
  if (yours.held.has(seat.label) && seat.status === 'held') return 'yours-held';
  return seat.status;
}

export function drawSeatMap(seats, yours, selected, onToggle) {
  const sections = new Map();
  for (const seat of seats) {
    const sectionName = seat.section ?? '';
    if (!sections.has(sectionName)) sections.set(sectionName, new Map());
    const rows = sections.get(sectionName);
    const rowName = seat.row ?? '';
    if (!rows.has(rowName)) rows.set(rowName, []);
    rows.get(rowName).push(seat);
  }
  const map = h('div', { class: 'seat-map', role: 'group', 'aria-label': 'Seat map' }, h('div', { class: 'stage', 'aria-hidden': 'true' }, 'Stage'));
  for (const [sectionName, rows] of sections) {
    const section = h('section', { class: 'section', 'aria-label': sectionName || 'Seats' }, sectionName ? h('h3', {}, sectionName) : null);
    for (const [rowName, rowSeats] of rows) {
      // Numbered seats (general admission) have no rows: they wrap to the width of the screen.
      section.append(h('div', { class: rowName ? 'row' : 'row wrap', role: 'group', 'aria-label': rowName ? `Row ${rowName}` : 'Seats' },
        rowName ? h('span', { class: 'row-name', 'aria-hidden': 'true' }, rowName) : null,
        rowSeats.map(seat => seatButton(seat, rowName, yours, selected, onToggle))));
    }
    map.append(section);
  }
  map.addEventListener('keydown', moveFocus);
  return map;
}

function seatButton(seat, rowName, yours, selected, onToggle) {
  const state = stateOf(seat, yours);
  const isSelected = selected.has(seat.label);
  const short = rowName && seat.label.startsWith(rowName) ? seat.label.slice(rowName.length).replace(/^-/, '') || seat.label : seat.label;
  return h('button', {
    type: 'button',
    class: `seat ${state}${isSelected ? ' selected' : ''}`,
    dataset: { seat: seat.label, state },
    'aria-label': `Seat ${seat.label}, ${isSelected ? 'selected' : STATUS_TEXT[state]}`,
    'aria-pressed': state === 'available' ? String(isSelected) : null,
    'aria-disabled': state === 'available' ? null : 'true',
    title: `${seat.label}: ${isSelected ? 'selected' : STATUS_TEXT[state]}`,
    onclick: () => { if (state === 'available') onToggle(seat.label); },
  }, short);
}

// Arrow keys move between seats: left and right along a row, up and down to the nearest seat of the next row.
function moveFocus(e) {
  const seat = e.target.closest?.('.seat');
  if (!seat || !['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'].includes(e.key)) return;
  const all = [...e.currentTarget.querySelectorAll('.seat')];
  let next;
  if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
    next = all[all.indexOf(seat) + (e.key === 'ArrowRight' ? 1 : -1)];
  } else {
    const rows = [...e.currentTarget.querySelectorAll('.row')];
    const row = rows[rows.indexOf(seat.closest('.row')) + (e.key === 'ArrowDown' ? 1 : -1)];
    const index = [...seat.parentElement.querySelectorAll('.seat')].indexOf(seat);
    const candidates = row ? [...row.querySelectorAll('.seat')] : [];
    next = candidates[Math.min(index, candidates.length - 1)];
  }
  if (next) { e.preventDefault(); next.focus(); }
}
