// The staff's form to create an event, with a seat map or a number of seats. It sends only the documented fields
// of POST /events, so a gateway that refuses unknown fields accepts it.
import { call } from './api.js';
import { h } from './dom.js';
import { notify } from './notify.js';
import { parseSeatMap } from './seat-map-text.js';

export function eventForm(onCreated) {
  const form = h('form', { class: 'create', 'aria-labelledby': 'create-title' },
    h('h2', { id: 'create-title' }, 'Create an event'),
    h('p', { class: 'hint' }, 'Needs an admin key when the box office has keys.'),
    field('Name', h('input', { name: 'name', required: true, maxlength: 200 })),
    field('Venue (optional)', h('input', { name: 'venue', maxlength: 200 })),
    field('Starts at (optional)', h('input', { name: 'starts_at', type: 'datetime-local' })),
    h('fieldset', {},
      h('legend', {}, 'Seats'),
      h('label', { class: 'choice' }, h('input', { type: 'radio', name: 'kind', value: 'map', checked: true }), ' A seat map'),
      h('label', { class: 'choice' }, h('input', { type: 'radio', name: 'kind', value: 'count' }), ' General admission'),
      field('Seat map: one section per line, best first', h('textarea', { name: 'seat_map', rows: 3, spellcheck: 'false' }, 'Stalls: A-H x 12\nBalcony: J-L x 16'),
        'Rows A to H with 12 seats each make 96 seats labelled A1 … H12.'),
      field('Number of seats', h('input', { name: 'total_seats', type: 'number', min: 1, max: 1000000, value: 100 }))),
    h('button', { type: 'submit' }, 'Create event'));
  // Only the chosen kind's input is shown (and sent).
  const showKind = () => {
    const map = form.elements.kind.value === 'map';
    form.querySelector('#f-seat_map').parentElement.hidden = !map;
    form.querySelector('#f-total_seats').parentElement.hidden = map;
  };
  form.addEventListener('change', showKind);
  showKind();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const body = { name: data.get('name').trim() };
    if (data.get('venue').trim()) body.venue = data.get('venue').trim();
    if (data.get('starts_at')) body.starts_at = new Date(data.get('starts_at')).toISOString();
    if (data.get('kind') === 'map') {
      const map = parseSeatMap(data.get('seat_map'));
      if (map.error) { notify(map.error, 'error'); return; }
      body.seat_map = map.value;
    } else {
      body.total_seats = Number(data.get('total_seats'));
    }
    const answer = await call('POST', '/events', body);
    if (!answer.ok) { notify(answer.message, 'error'); return; }
    notify(`Created “${answer.body.name}”.`, 'success');
    onCreated(answer.body);
  });
  return form;
}

function field(label, input, hint) {
  const id = `f-${input.name}`;
  input.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), input, hint ? h('small', {}, hint) : null);
}
