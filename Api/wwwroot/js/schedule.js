// The order a buyer reads events in: soonest first, events without a date after the dated ones, and events that
// have started set apart, most recent first. Pure (no DOM), so node tests import it directly.
export function schedule(events, now = Date.now()) {
  const start = (e) => (e.starts_at ? Date.parse(e.starts_at) : NaN);
  const byName = (a, b) => String(a.name).localeCompare(String(b.name));
  const upcoming = events.filter(e => !(start(e) <= now));
  const past = events.filter(e => start(e) <= now);
  upcoming.sort((a, b) => {
    const [x, y] = [start(a), start(b)];
    if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) - Number.isNaN(y) || byName(a, b);
    return x - y || byName(a, b);
  });
  past.sort((a, b) => start(b) - start(a) || byName(a, b));
  return { upcoming, past };
}

export function hasStarted(event, now = Date.now()) {
  return Boolean(event.starts_at) && Date.parse(event.starts_at) <= now;
}
