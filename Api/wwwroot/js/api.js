// Calls to the TicketBoss API. Every answer becomes {ok, status, body, code, message}; errors carry a
// person-readable message (see messages.js). POST and DELETE send an Idempotency-Key, and a call that
// fails on the network is retried once with the same key, so a retry can never book twice.
import { explain } from './messages.js';

const KEY = 'ticketboss.apiKey';

export const apiKey = {
  get: () => localStorage.getItem(KEY) || '',
  set: (value) => value ? localStorage.setItem(KEY, value) : localStorage.removeItem(KEY),
};

export async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (apiKey.get()) headers['X-Api-Key'] = apiKey.get();
  if (method === 'POST' || method === 'DELETE') headers['Idempotency-Key'] = crypto.randomUUID();
  const request = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
  let response;
  try {
    response = await fetch(path, request);
  } catch {
    try {
      response = await fetch(path, request);
    } catch {
      return { ok: false, status: 0, code: 'network', message: explain('network') };
    }
  }
  const text = await response.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = null; }
  if (response.ok) return { ok: true, status: response.status, body: parsed };
  const code = parsed?.code || parsed?.error || `http_${response.status}`;
  return { ok: false, status: response.status, body: parsed, code, message: explain(code, parsed?.detail || parsed?.error, response.status) };
}
