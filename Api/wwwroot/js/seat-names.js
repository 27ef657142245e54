// Seat labels as a buyer reads them: "A3, A4 (Stalls, row A)", grouped by where the seats are.
export function seatNames(labels, seats = []) {
  const byLabel = new Map(seats.map(s => [s.label, s]));
  const groups = new Map();
  for (const label of labels) {
    const seat = byLabel.get(label) || {};
    const where = [seat.section, seat.row && `row ${seat.row}`].filter(Boolean).join(', ');
    if (!groups.has(where)) groups.set(where, []);
    groups.get(where).push(label);
  }
  return [...groups].map(([where, group]) => `${group.join(', ')}${where ? ` (${where})` : ''}`).join('; ');
}
