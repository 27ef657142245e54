// The page's one message line, shared by every view. It is fixed in the viewport, so a message is seen wherever
// the person has scrolled, and its two live regions are always rendered: screen readers only announce changes to
// a region that was already in the accessibility tree. Errors go to the assertive region, the rest to the polite one.
let pending = 0;
let fading = 0;
// Good news leaves the bar after a while (what it said stays on the page, in the cards); errors stay until
// dismissed or replaced, so none goes unread.
const SUCCESS_MS = 15000;

export function notify(message, kind = 'info') {
  const notice = document.getElementById('notice');
  const status = document.getElementById('notice-status');
  const alert = document.getElementById('notice-alert');
  status.textContent = '';
  alert.textContent = '';
  notice.className = message ? `notice shown ${kind}` : 'notice';
  notice.querySelector('.notice-close').hidden = !message;
  const turn = ++pending;
  if (!message) return;
  // Emptied first and filled a moment later, so that the same message twice is announced twice.
  setTimeout(() => { if (turn === pending) (kind === 'error' ? alert : status).textContent = message; }, 30);
  clearTimeout(fading);
  if (kind !== 'error') fading = setTimeout(() => { if (turn === pending) notify(''); }, SUCCESS_MS);
}

export function setUpNotice() {
  document.querySelector('#notice .notice-close').addEventListener('click', () => notify(''));
}
