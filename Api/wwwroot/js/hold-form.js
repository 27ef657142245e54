// The two ways to ask for seats: the seats picked on the map (a bar that stays at the bottom of the screen while
// the map is in view, so a phone user need not scroll past a long map to hold), or a number of seats (best
// available, optionally next to each other). Built once per event page and only updated, so what a person types
// survives live updates.
import { h } from './dom.js';

export function holdForm(onHold, onClear) {
  const chosenText = h('p', { id: 'chosen-text' });
  const holdChosen = h('button', { type: 'button', dataset: { key: 'hold-chosen' } });
  const clear = h('button', { type: 'button', class: 'quiet', dataset: { key: 'clear-chosen' }, onclick: onClear }, 'Clear');
  const bar = h('div', { class: 'chosen', role: 'region', 'aria-label': 'Selected seats' }, chosenText, h('div', { class: 'buttons' }, holdChosen, clear));
  let picked = [];
  holdChosen.addEventListener('click', () => { if (picked.length) onHold({ seats: picked }); });
  const quantity = h('input', { id: 'qty', name: 'qty', type: 'number', min: 1, max: 100, value: 2, inputmode: 'numeric', required: true });
  const together = h('input', { id: 'together', name: 'together', type: 'checkbox' });
  const form = h('form', {
    class: 'quantity', 'aria-label': 'Best available',
    onsubmit: (e) => {
      e.preventDefault();
      // "together" only when asked for: the API refuses fields it does not know, and false is its default.
      onHold(together.checked ? { qty: Number(quantity.value), together: true } : { qty: Number(quantity.value) });
    },
  },
  h('label', { for: 'qty' }, 'Number of seats'), quantity,
  h('label', { class: 'choice', for: 'together' }, together, ' Seats next to each other'),
  h('button', { type: 'submit' }, 'Hold best available'));
  return {
    bar,
    element: h('section', { class: 'hold-form', 'aria-label': 'Hold seats' }, form),
    update(selection, drawn) {
      picked = [...selection];
      bar.hidden = !drawn;
      bar.classList.toggle('active', picked.length > 0);
      chosenText.textContent = picked.length ? `Selected: ${picked.join(', ')}` : 'Pick seats on the map, or ask for a number of seats below.';
      holdChosen.textContent = picked.length ? `Hold ${picked.length} selected seat${picked.length === 1 ? '' : 's'}` : 'Hold selected seats';
      holdChosen.disabled = picked.length === 0;
      clear.hidden = picked.length === 0;
    },
  };
}
