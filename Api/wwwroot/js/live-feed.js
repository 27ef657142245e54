// An event's live feed (GET /events/{id}/stream, server-sent events): every committed change as a snapshot.
// EventSource reconnects by itself; the page shows whether it is connected.
export function openFeed(eventId, onSnapshot, onLive) {
  const stream = new EventSource(`/events/${encodeURIComponent(eventId)}/stream`);
  stream.addEventListener('snapshot', (message) => onSnapshot(JSON.parse(message.data)));
  stream.onerror = () => onLive(false);
  stream.onopen = () => onLive(true);
  return () => stream.close();
}
