// Events the tests create through the API.
import assert from 'node:assert/strict';

/** Stalls A-B x 8 and Balcony C x 6: 22 seats. */
export async function createHouse(gateway, name) {
  return create(gateway, {
    name,
    venue: 'Test Hall',
    seat_map: { sections: [{ name: 'Stalls', rows: [{ row: 'A', seats: 8 }, { row: 'B', seats: 8 }] }, { name: 'Balcony', rows: [{ row: 'C', seats: 6 }] }] },
  });
}

/** `rows` rows A, B, ... of `seats` seats each: tall or wide enough to scroll. */
export async function createHall(gateway, name, rows, seats) {
  const names = Array.from({ length: rows }, (_, i) => String.fromCharCode(65 + i));
  return create(gateway, { name, venue: 'Big Hall', seat_map: { rows: names.map(row => ({ row, seats })) } });
}

async function create(gateway, body) {
  const created = await gateway.api('POST', '/events', body);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body.event_id;
}
