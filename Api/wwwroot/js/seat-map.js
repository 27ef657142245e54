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
        rowSeats.map(seat => {
          const button = seatButton(seat, rowName, onToggle);
          paint(button, seat, yours, selected);
          return button;
        })));
    }
    map.append(section);
  }
  map.addEventListener('keydown', moveFocus);
  return map;
}

function seatButton(seat, rowName, onToggle) {
  const short = rowName && seat.label.startsWith(rowName) ? seat.label.slice(rowName.length).replace(/^-/, '') || seat.label : seat.label;
  const button = h('button', { type: 'button', dataset: { seat: seat.label } }, short);
  // The state is read when clicked: live updates repaint the button in place.
  button.addEventListener('click', () => { if (CHOOSABLE.has(button.dataset.state)) onToggle(seat.label); });
  return button;
}

const CHOOSABLE = new Set(['available', 'selected']);

function paint(button, seat, yours, selected) {
  const state = stateOf(seat, yours, selected);
  if (button.dataset.state === state) return;
  const choosable = CHOOSABLE.has(state);
  const where = [seat.section, seat.row && `row ${seat.row}`].filter(Boolean).join(', ');
  button.className = `seat ${state}`;
  button.dataset.state = state;
  button.setAttribute('aria-label', `Seat ${seat.label}${where ? ` (${where})` : ''}, ${spoken(state)}`);
  button.title = `${seat.label}: ${spoken(state)}`;
  if (choosable) button.setAttribute('aria-pressed', String(state === 'selected')); else button.removeAttribute('aria-pressed');
  if (choosable) button.removeAttribute('aria-disabled'); else button.setAttribute('aria-disabled', 'true');
}

/**
 * Repaints a drawn map in place when it has the same seats, so that a live update keeps focus, scrolling and
 * whatever the person is pressing; answers false when the seats differ and the map must be drawn again.
 */
export function repaintSeatMap(map, seats, yours, selected) {
  const buttons = new Map([...map.querySelectorAll('.seat')].map(button => [button.dataset.seat, button]));
  if (buttons.size !== seats.length || seats.some(seat => !buttons.has(seat.label))) return false;
  seats.forEach(seat => paint(buttons.get(seat.label), seat, yours, selected));
  return true;
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
