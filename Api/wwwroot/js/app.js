// The buyer's page: a list of events (#/) and one event's seat map (#/events/{id}), chosen by the URL hash.
import { showEventList } from './event-list.js';
import { showEvent } from './event-page.js';
import { notify, setUpNotice } from './notify.js';

let leave = () => {};
let turn = 0;

async function route() {
  const mine = ++turn;
  leave();
  notify('');
  const main = document.getElementById('main');
  const match = location.hash.match(/^#\/events\/([^/?#]+)/);
  const stop = match ? await showEvent(main, decodeURIComponent(match[1])) : await showEventList(main);
  // A newer hash change started while this view loaded: that one wins.
  if (mine !== turn) { stop(); return; }
  leave = stop;
  // A hash change keeps the old scroll position; a new view starts at its top, with its heading focused so
  // that screen readers and keyboards start there too.
  window.scrollTo(0, 0);
  (main.querySelector('h1') || main).focus({ preventScroll: true });
}

setUpNotice();
history.scrollRestoration = 'manual';
window.addEventListener('hashchange', route);
route();
