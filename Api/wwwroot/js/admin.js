// The staff page (/admin.html): the API key and the form that creates events, kept off the buyer's page.
import { h } from './dom.js';
import { eventForm } from './event-form.js';
import { setUpKeyForm } from './key-form.js';
import { setUpNotice } from './notify.js';

setUpNotice();
setUpKeyForm();
const created = document.getElementById('created');
document.getElementById('create').replaceChildren(eventForm((event) => {
  const href = `/#/events/${encodeURIComponent(event.event_id)}`;
  created.prepend(h('li', {}, h('a', { href }, `${event.name}: open its seat map`), ` (${event.event_id})`));
  created.closest('section').hidden = false;
}));
