// Reads the create form's seat map text: "Stalls: A-H x 12" per line (or "A-H x 12" without a section name).
const LINE = /^\s*(?:([^:]+):)?\s*([A-Z]{1,2})\s*(?:-\s*([A-Z]{1,2}))?\s*[x×*]\s*(\d{1,4})\s*$/i;

function rowNames(first, last) {
  const toNumber = (s) => [...s].reduce((n, c) => n * 26 + (c.charCodeAt(0) - 64), 0);
  const toName = (n) => { let s = ''; while (n > 0) { const r = (n - 1) % 26; s = String.fromCharCode(65 + r) + s; n = Math.floor((n - 1) / 26); } return s; };
  const names = [];
  for (let n = toNumber(first); n <= toNumber(last); n++) names.push(toName(n));
  return names;
}

export function parseSeatMap(text) {
  const sections = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    const m = line.match(LINE);
    if (!m) return { error: `Line ${i + 1} should look like “Stalls: A-H x 12”.` };
    const first = m[2].toUpperCase();
    const last = (m[3] || m[2]).toUpperCase();
    const rows = rowNames(first, last).map(row => ({ row, seats: Number(m[4]) }));
    if (rows.length === 0) return { error: `Line ${i + 1}: the rows run backwards (${first}-${last}).` };
    sections.push({ name: (m[1] || `Section ${sections.length + 1}`).trim(), rows });
  }
  if (sections.length === 0) return { error: 'Describe at least one section, like “Stalls: A-H x 12”.' };
  return { value: { sections } };
}
