// How long a hold has left, as a buyer reads it; "0:00" once the time is up (the page then asks the hold's status).
export function secondsLeft(expiresAt) {
  return Math.max(0, Math.round((Date.parse(expiresAt) - Date.now()) / 1000));
}

export function countdown(expiresAt) {
  const left = secondsLeft(expiresAt);
  return left > 0 ? `Held for you for ${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')} more. Book before the time runs out.`
    : 'Time is up: checking your hold…';
}
