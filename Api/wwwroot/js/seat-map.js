// Draws an event's seats as buttons, section by section and row by row, inside a frame that scrolls sideways
// when the widest row does not fit (see scroll-cue.js).
import { h } from './dom.js';
import { spoken, stateOf } from './seat-states.js';

/** The largest event drawn seat by seat; beyond it the page offers quantities only. */
export const MAX_DRAWN_SEATS = 3000;

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
  const widest = Math.max(1, ...[...sections.values()].flatMap(rows => [...rows.entries()].map(([name, row]) => name ? row.length : 1)));
  const map = h('div', { class: 'seat-map', role: 'group', 'aria-label': 'Seat map' },
    h('div', { class: 'stage', 'aria-hidden': 'true' }, 'Stage'));
  // Through the CSSOM: the page's Content-Security-Policy refuses style attributes.
  map.style.setProperty('--cols', String(widest));
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
  const state = stateOf(seat, yours, selected);
  const choosable = state === 'available' || state === 'selected';
  const short = rowName && seat.label.startsWith(rowName) ? seat.label.slice(rowName.length).replace(/^-/, '') || seat.label : seat.label;
  const where = [seat.section, seat.row && `row ${seat.row}`].filter(Boolean).join(', ');
  return h('button', {
    type: 'button',
    class: `seat ${state}`,
    dataset: { seat: seat.label, state },
    'aria-label': `Seat ${seat.label}${where ? ` (${where})` : ''}, ${spoken(state)}`,
    'aria-pressed': choosable ? String(state === 'selected') : null,
    'aria-disabled': choosable ? null : 'true',
    title: `${seat.label}: ${spoken(state)}`,
    onclick: () => { if (choosable) onToggle(seat.label); },
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
