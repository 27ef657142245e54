// The buyer's list of events, soonest first, refreshed every few seconds; events that have started are marked
// and folded away under "Past events".
import { call } from './api.js';
import { availability } from './availability.js';
import { h, when } from './dom.js';
import { notify } from './notify.js';
import { schedule } from './schedule.js';

const REFRESH_MS = 3000;
// Enough for any box office this page is meant for; beyond it the list says more exist.
const MAX_PAGES = 20;

export async function showEventList(main) {
  const upcoming = h('ul', { class: 'events', 'aria-labelledby': 'upcoming-title' });
  const past = h('ul', { class: 'events past', 'aria-label': 'Past events' });
  const pastCount = h('span', {});
  // Built once and only refilled, so a person's opening of "Past events" survives the refreshes.
  const pastPanel = h('details', { class: 'past-events', hidden: true }, h('summary', {}, 'Past events ', pastCount), past);
  main.replaceChildren(h('h1', { id: 'upcoming-title', tabindex: -1 }, 'Events'), upcoming, pastPanel);
  let stopped = false;
  let failing = false;
  const refresh = async () => {
    const answer = await allEvents();
    if (stopped) return;
    if (!answer.ok) { if (!failing) notify(answer.message, 'error'); failing = true; return; }
    if (failing) notify('');
    failing = false;
    const now = Date.now();
    const sorted = schedule(answer.items, now);
    upcoming.replaceChildren(...(sorted.upcoming.length ? sorted.upcoming.map(e => eventItem(e, false)) : [h('li', { class: 'empty' }, 'No upcoming events.')]));
    past.replaceChildren(...sorted.past.map(e => eventItem(e, true)));
    pastCount.textContent = `(${sorted.past.length})`;
    pastPanel.hidden = sorted.past.length === 0;
  };
  await refresh();
  const timer = setInterval(refresh, REFRESH_MS);
  return () => { stopped = true; clearInterval(timer); };
}

async function allEvents() {
  const items = [];
  let page = '';
  for (let i = 0; i < MAX_PAGES; i++) {
    const answer = await call('GET', `/events?page_size=100${page ? `&page=${encodeURIComponent(page)}` : ''}`);
    if (!answer.ok) return answer;
    items.push(...answer.body.items);
    if (!answer.body.next) break;
    page = answer.body.next;
  }
  return { ok: true, items };
}

function eventItem(e, isPast) {
  return h('li', { class: `event${isPast ? ' is-past' : ''}` },
    h('a', { href: `#/events/${encodeURIComponent(e.event_id)}`, dataset: { eventId: e.event_id } },
      h('strong', {}, e.name),
      h('span', { class: 'meta' },
        isPast ? [h('span', { class: 'past-mark' }, 'Past'), ' '] : null,
        [e.venue, e.starts_at ? when(e.starts_at) : 'Date to be announced'].filter(Boolean).join(' · ')),
      availability(e.available, e.total)));
}
