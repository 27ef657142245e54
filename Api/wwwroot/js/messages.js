// What each error the API can answer means to a person at the box office.
const MESSAGES = {
  network: 'The box office cannot be reached. Check your connection and try again.',
  not_enough_seats: 'Not enough seats are left for that many. Try fewer seats.',
  not_enough_adjacent_seats: 'There are not that many seats next to each other. Try fewer seats, or untick “Seats next to each other”.',
  booking_cancelled: 'This booking was cancelled; its seats went back on sale.',
  reservation_cancelled: 'This reservation was cancelled.',
  seat_not_found: 'That seat does not exist at this event.',
  hold_expired: 'Your hold expired and the seats went back on sale. Hold them again.',
  hold_released: 'This hold was released; its seats are back on sale.',
  hold_not_found: 'That hold no longer exists.',
  hold_already_booked: 'These seats are already booked.',
  invalid_payment_token: 'The payment for this hold was refused. Release the hold and hold the seats again.',
  booking_not_found: 'That booking does not exist or was already cancelled.',
  event_not_found: 'This event does not exist (any more).',
  event_exists: 'An event with that id already exists.',
  version_mismatch: 'The event changed while you were looking. The page is up to date now; try again.',
  capacity_below_taken: 'The capacity cannot go below seats already held or booked.',
  api_key_required: 'Only the box office staff can do this: it needs an admin key (entered on the staff page, /admin.html).',
  invalid_api_key: 'The API key is not valid. Check it on the staff page (/admin.html).',
  forbidden: 'Your key is not allowed to do this; it needs an admin key.',
  rate_limited: 'Too many requests right now. Wait a moment and try again.',
  outcome_unknown: 'The box office could not confirm this. Check your holds and bookings before trying again.',
  idempotency_key_in_use: 'This request is still being processed. Wait a moment.',
  idempotency_key_reused: 'This request clashes with an earlier one. Reload the page and try again.',
  reservation_not_found: 'That reservation does not exist or was already cancelled.',
  grain_unavailable: 'The box office is moving this event to another server. Try again in a moment.',
};

export function explain(code, detail, status) {
  // The seat in the server's detail ("seat A3 is taken.") tells the person which pick to change.
  if (code === 'seat_taken') {
    const seat = /seat (\S+) is/.exec(detail || '')?.[1];
    return `Sorry, someone else just took ${seat ? `seat ${seat}` : 'one of those seats'}. Pick other seats.`;
  }
  // Numbers the server gives ("5 seats asked, 3 available"; "the most ... is 2") become the next step.
  const available = /(\d+) available/.exec(detail || '')?.[1];
  if (code === 'not_enough_seats' && available) {
    return Number(available) === 0 ? 'Not enough seats are left: every seat is taken right now.'
      : `Not enough seats are left: only ${available} ${available === '1' ? 'is' : 'are'} available. Try ${available} or fewer.`;
  }
  const together = /the most .* is (\d+)/.exec(detail || '')?.[1];
  if (code === 'not_enough_adjacent_seats' && together) {
    if (together === '0' || together === '1') return 'No seats sit next to each other right now. Untick “Seats next to each other” to get seats apart.';
    return `At most ${together} seats sit next to each other right now. Ask for ${together} or fewer, or untick “Seats next to each other”.`;
  }
  if (MESSAGES[code]) return MESSAGES[code];
  if (code === 'invalid_request' || status === 400) return `The request was not accepted: ${detail || 'check what you entered.'}`;
  if (status === 413) return 'That is too large to send.';
  if (status >= 500) return 'The box office is busy or restarting. Try again in a moment.';
  return detail || `Something went wrong (${code}).`;
}
