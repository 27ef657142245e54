// The box office page: a list of events (#/) and one event's seat map (#/events/{id}), chosen by the URL hash.
import { apiKey } from './api.js';
import { showEventList } from './event-list.js';
import { showEvent } from './event-page.js';

let leave = () => {};

export function notify(message, kind = 'info') {
  const notice = document.getElementById('notice');
  notice.textContent = message;
  notice.className = `notice ${kind}`;
  notice.hidden = !message;
}

async function route() {
  leave();
  notify('');
  const main = document.getElementById('main');
  const match = location.hash.match(/^#\/events\/([^/?#]+)/);
  leave = match ? await showEvent(main, decodeURIComponent(match[1])) : await showEventList(main);
}

function setUpKeyForm() {
  const form = document.getElementById('key-form');
  const input = document.getElementById('api-key');
  input.value = apiKey.get();
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    apiKey.set(input.value.trim());
    document.getElementById('key-panel').open = false;
    notify(input.value.trim() ? 'Key saved in this browser.' : 'Key forgotten.');
  });
  document.getElementById('key-clear').addEventListener('click', () => {
    input.value = '';
    apiKey.set('');
    notify('Key forgotten.');
  });
}

setUpKeyForm();
window.addEventListener('hashchange', route);
route();
