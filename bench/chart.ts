// The chart of BENCHMARKS.md, as SVG written by hand: for each scenario, the
// median requests per second of oncehub-mock, the ceiling and Prism.

const SUBJECTS = [
  { name: 'oncehub-mock', color: '#2b6cb0' },
  { name: 'ceiling', color: '#a0aec0' },
  { name: 'prism', color: '#dd6b20' }
]
const LABELS: Record<string, string> = {
  get: 'GET /v2/bookings/{id}',
  list: 'GET /v2/bookings?limit=10',
  filtered: 'filtered, expanded 100-item page',
  deep: 'page deep in a cursor walk',
  400: '400 (limit=1000)',
  401: '401 (no API key)',
  cancel: 'POST …/cancel (file database)'
}

/** The throughput chart of `scenarios` (in the report's order, each with its cells by subject) as an SVG document. */
export function chart (scenarios: ReadonlyArray<[string, { cells: Record<string, { rps: number }> }]>): string {
  const max = Math.max(...scenarios.flatMap(([, s]) => Object.values(s.cells).map((c) => c.rps)))
  const scale = niceCeiling(max)
  const left = 230
  const width = 560
  const bar = 14
  const group = SUBJECTS.length * (bar + 2) + 14
  const top = 40
  const height = top + scenarios.length * group + 50
  const x = (rps: number) => left + (rps / scale) * width
  const parts: string[] = []
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 90}" height="${height}" font-family="sans-serif" font-size="12">`)
  parts.push('<rect width="100%" height="100%" fill="white"/>')
  parts.push(`<text x="${left}" y="18" font-size="14" font-weight="bold">Requests per second (median; higher is better), 100,000 bookings</text>`)
  for (let i = 0; i <= 4; i++) {
    const value = (scale / 4) * i
    parts.push(`<line x1="${x(value)}" y1="${top - 6}" x2="${x(value)}" y2="${height - 44}" stroke="#e2e8f0"/>`)
    parts.push(`<text x="${x(value)}" y="${height - 30}" text-anchor="middle" fill="#4a5568">${Math.round(value).toLocaleString('en')}</text>`)
  }
  scenarios.forEach(([key, scenario], i) => {
    const y0 = top + i * group
    parts.push(`<text x="${left - 8}" y="${y0 + group / 2 - 4}" text-anchor="end">${escape(LABELS[key] ?? key)}</text>`)
    SUBJECTS.forEach((subject, j) => {
      const cell = scenario.cells[subject.name]
      if (cell === undefined) return
      const y = y0 + j * (bar + 2)
      parts.push(`<rect x="${left}" y="${y}" width="${Math.max(1, x(cell.rps) - left).toFixed(1)}" height="${bar}" fill="${subject.color}"/>`)
      parts.push(`<text x="${x(cell.rps) + 4}" y="${y + bar - 3}" fill="#2d3748">${Math.round(cell.rps).toLocaleString('en')}</text>`)
    })
  })
  SUBJECTS.forEach((subject, j) => {
    const lx = left + j * 150
    parts.push(`<rect x="${lx}" y="${height - 16}" width="10" height="10" fill="${subject.color}"/>`)
    parts.push(`<text x="${lx + 14}" y="${height - 7}">${subject.name === 'prism' ? 'Stoplight Prism' : subject.name}</text>`)
  })
  parts.push('</svg>')
  return parts.join('\n') + '\n'
}

function niceCeiling (value: number): number {
  const step = 10 ** Math.floor(Math.log10(Math.max(1, value)))
  return Math.ceil(value / step) * step
}

function escape (text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
