// The order of the buyer's event list (Api/wwwroot/js/schedule.js is plain JavaScript, imported as is).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { schedule, hasStarted } from '../../../Api/wwwroot/js/schedule.js';

const now = Date.parse('2026-06-01T12:00:00Z');
const e = (name, starts_at) => ({ name, starts_at });

test('upcoming soonest first, undated after dated, started events apart with the most recent first', () => {
  const { upcoming, past } = schedule([
    e('B undated', null), e('Next week', '2026-06-08T12:00:00Z'), e('Last year', '2025-06-01T12:00:00Z'),
    e('A undated', undefined), e('Tomorrow', '2026-06-02T12:00:00Z'), e('This morning', '2026-06-01T09:00:00Z'),
  ], now);
  assert.deepEqual(upcoming.map(x => x.name), ['Tomorrow', 'Next week', 'A undated', 'B undated']);
  assert.deepEqual(past.map(x => x.name), ['This morning', 'Last year']);
});

test('an event has started at its start time, and an undated one never', () => {
  assert.equal(hasStarted(e('x', '2026-06-01T12:00:00Z'), now), true);
  assert.equal(hasStarted(e('x', '2026-06-01T12:00:01Z'), now), false);
  assert.equal(hasStarted(e('x', null), now), false);
});
