// The legend: a sample seat in each state, drawn by the same CSS as the map, with its name in words.
import { h } from './dom.js';
import { SEAT_STATES } from './seat-states.js';

export function seatLegend() {
  return h('ul', { class: 'legend', 'aria-label': 'What the seats mean' },
    SEAT_STATES.map(({ state, legend }) =>
      h('li', {}, h('span', { class: `seat swatch ${state}`, 'aria-hidden': 'true', dataset: { state } }, '7'), legend)));
}
