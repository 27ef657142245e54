// Keeping this browser's holds honest: which have ended (asked of the server only when a hold's time is up or
// its seats no longer show as held), and which are close enough to the end to deserve a last call.
import { call } from './api.js';
import { secondsLeft } from './countdown.js';

// A last call this many seconds before a hold runs out, once per hold.
export const LAST_CALL_SECONDS = 30;

/** The holds that are no longer active, each with its status (expired, booked, released) or error code. */
export async function endedHolds(holds, seats, now = Date.now()) {
  const states = new Map(seats.map(s => [s.label, s.status]));
  const ended = [];
  for (const hold of holds) {
    const lapsed = Date.parse(hold.expires_at) <= now;
    const lost = seats.length > 0 && hold.seats.some(label => states.get(label) !== 'held');
    if (!lapsed && !lost) continue;
    const answer = await call('GET', `/holds/${encodeURIComponent(hold.hold_id)}`);
    if (answer.ok && answer.body.status === 'active') continue;
    // Unknown (404) or ended (410, its code saying how) has ended; any other failure (network, 5xx) proves
    // nothing, and the hold is asked about again on the next change or tick.
    if (!answer.ok && answer.status !== 404 && answer.status !== 410) continue;
    ended.push({ hold, status: answer.ok ? answer.body.status : answer.code });
  }
  return ended;
}

/** The holds entering their last call now; `warned` remembers the ones already called. */
export function lastCalls(holds, warned) {
  return holds.filter(hold => {
    const left = secondsLeft(hold.expires_at);
    if (left <= 0 || left > LAST_CALL_SECONDS || warned.has(hold.hold_id)) return false;
    warned.add(hold.hold_id);
    return true;
  });
}
