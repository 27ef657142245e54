// "N of M seats available" and a bar of the same quantity. The bar is named by the text beside it, so what it
// shows and what it is called cannot drift apart; it turns amber, then red, as seats run out.
import { h } from './dom.js';

let counter = 0;

export function availability(available, total) {
  const id = `availability-${++counter}`;
  const soldOut = available === 0;
  return h('div', { class: 'availability' },
    h('span', { id, class: `availability-text${soldOut ? ' sold-out' : ''}` },
      soldOut ? `Sold out (0 of ${total} seats available)` : `${available} of ${total} seats available`),
    h('meter', {
      min: 0, max: total, value: available, 'aria-labelledby': id,
      low: Math.max(1, Math.ceil(total * 0.1)), high: Math.ceil(total * 0.5), optimum: total,
    }));
}
