// Turns the measurements into the results part of BENCHMARKS.md (between its
// markers, so the findings written by hand stay), a chart, and results.json.

import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, release, totalmem } from 'node:os'
import Database from 'better-sqlite3'
import type { LoadResult } from './load.ts'
import type { Latency } from './scheduling.ts'
import { ROOT } from './subjects.ts'
import { chart } from './chart.ts'

export interface Cell {
  rps: number
  p50: number
  p99: number
  /** The server's CPU time per correct answer, in µs (absent from runs before it was measured). */
  cpuUs?: number
  bad: number
  trials: LoadResult[]
}
export interface Memory { rssMb: number, peakMb: number }

export interface Results {
  quick: boolean
  plan: Record<string, unknown>
  connections: number
  date: string
  referenceDate: string
  /** The 1-minute load average when the run began: other work on the machine skews every figure. */
  loadAverage: number
  /** The machine, versions and commit measured (absent from runs before it was kept: --report then says the current ones). */
  machine?: string
  totalSeconds?: number
  startup: { dist: number[], source?: number[] }
  seeding: Array<{ bookings: number, db: 'memory' | 'file', ms: number } & Memory>
  main: Record<string, { title: string, cells: Record<string, Cell> }>
  scaling: Record<string, { title: string, cells: Record<string, Cell> }>
  prism: { startMs: number } | null
  prismError: string | null
  memoryAfterLoad?: Memory
  fileMemory?: Array<{ bookings: number } & Memory>
  /** Issue 19: single scheduling requests, by the number of bookings in the store. */
  scheduling?: Record<string, { slots: Latency, book: Latency }>
}

const START = '<!-- results:start -->'
const END = '<!-- results:end -->'
const LIST_PAGES = ['list', 'filtered', 'deep']
const ORDER = ['get', 'list', 'filtered', 'deep', '400', '401', 'cancel']

/** The main scenarios in the issue's order (object keys such as '400' would come first). */
export function inOrder<T> (record: Record<string, T>): Array<[string, T]> {
  return Object.entries(record).sort(([a], [b]) => ORDER.indexOf(a) - ORDER.indexOf(b))
}

/** Prints the results; with `write`, also puts them into BENCHMARKS.md, bench/throughput.svg and bench/results.json. */
export function writeReport (results: Results, { write }: { write: boolean }): void {
  const markdown = render(results)
  console.log('\n' + markdown)
  if (!write) return
  const path = `${ROOT}BENCHMARKS.md`
  const current = existsSync(path) ? readFileSync(path, 'utf8') : `# Benchmarks\n\n${START}\n${END}\n`
  const before = current.slice(0, current.indexOf(START) + START.length)
  const after = current.slice(current.indexOf(END))
  writeFileSync(path, `${before}\n${markdown}\n${after}`)
  writeFileSync(`${ROOT}bench/throughput.svg`, chart(inOrder(results.main)))
  writeFileSync(`${ROOT}bench/results.json`, JSON.stringify(results, null, 2) + '\n')
}

function render (r: Results): string {
  const out: string[] = []
  const fmt = (n: number) => Math.round(n).toLocaleString('en')
  const ms = (n: number) => n < 10 ? n.toFixed(2) : n.toFixed(1)
  const cpu = (us: number | undefined) => us === undefined || !Number.isFinite(us) ? '–' : us < 1000 ? us.toFixed(0) : fmt(us)
  const cpuPercent = (mock: Cell, ceiling: Cell) => {
    const ratio = cpuRatio(mock, ceiling)
    return Number.isNaN(ratio) ? '–' : `${(ratio * 100).toFixed(0)}%`
  }
  out.push(`Measured ${r.date.slice(0, 16).replace('T', ' ')} UTC${r.quick ? ' (quick mode: one short trial, not for comparison)' : ''} by \`npm run bench\` ` +
    `in ${Math.round(r.totalSeconds ?? 0)} s, on ${r.machine ?? machine()}; load average ${r.loadAverage.toFixed(2)} at the start.`, '')
  out.push(`Load: autocannon, ${r.connections} connections, ${r.plan.trials} interleaved trials of ${r.plan.seconds} s after a ${r.plan.warmup} s warm-up ` +
    `(cancels: ${r.plan.trials} trials of ${fmt(r.plan.cancels as number)} requests after ${fmt(r.plan.cancelWarmup as number)}); medians. ` +
    'Only answers that passed their check count. CPU per answer: the server process\'s user and system time (every thread, from ' +
    '`/proc/<pid>/stat`) over a trial, divided by the answers that passed; "by CPU" is the ceiling\'s CPU per answer over the mock\'s, ' +
    'a ratio that depends less than requests per second on how the server and the load generator share the two cores.', '')

  out.push('### Throughput and latency (100,000 bookings)', '')
  out.push('| Scenario | oncehub-mock req/s | p50 / p99 ms | ceiling req/s | p50 / p99 ms | Prism req/s | p50 / p99 ms | mock ÷ ceiling | mock ÷ Prism | CPU µs per answer: mock / ceiling / Prism | mock ÷ ceiling by CPU |')
  out.push('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|')
  for (const [, { title, cells }] of inOrder(r.main)) {
    const m = cells['oncehub-mock']!
    const c = cells.ceiling!
    const p = cells.prism
    const bad = Object.entries(cells).filter(([, cell]) => cell.bad > 0).map(([name, cell]) => `${name}: ${cell.bad} wrong`)
    out.push(`| \`${title}\`${bad.length ? ` (${bad.join(', ')})` : ''} | ${fmt(m.rps)} | ${ms(m.p50)} / ${ms(m.p99)} | ${fmt(c.rps)} | ${ms(c.p50)} / ${ms(c.p99)} | ` +
      `${p ? fmt(p.rps) : '–'} | ${p ? `${ms(p.p50)} / ${ms(p.p99)}` : '–'} | ${(m.rps / c.rps * 100).toFixed(0)}% | ${p ? `${(m.rps / p.rps).toFixed(1)}×` : '–'} | ` +
      `${[m, c, p].map((cell) => cpu(cell?.cpuUs)).join(' / ')} | ${cpuPercent(m, c)} |`)
  }
  out.push('', '![Throughput per scenario: oncehub-mock, the ceiling and Prism](bench/throughput.svg)', '')

  out.push('### Scaling (in memory)', '')
  const sizes = Object.keys(Object.values(r.scaling)[0]?.cells ?? {})
  out.push(`| Scenario | ${sizes.map((s) => `${fmt(Number(s))} bookings: req/s, p50 / p99 ms, CPU µs per answer`).join(' | ')} |`)
  out.push(`|---|${sizes.map(() => '--:').join('|')}|`)
  for (const { title, cells } of Object.values(r.scaling)) {
    out.push(`| \`${title}\` | ${sizes.map((s) => `${fmt(cells[s]!.rps)}, ${ms(cells[s]!.p50)} / ${ms(cells[s]!.p99)}, ${cpu(cells[s]!.cpuUs)}${cells[s]!.bad ? ` (${cells[s]!.bad} wrong)` : ''}`).join(' | ')} |`)
  }
  out.push('')

  out.push('### Start-up, seeding and memory', '')
  out.push('| What | Time to the first correct answer | Resident memory (after) | Peak |', '|---|--:|--:|--:|')
  out.push(`| Start-up, default dataset (200 bookings), \`node dist/server.js\`, median of ${r.startup.dist.length} | ${fmt(median(r.startup.dist))} ms | | |`)
  if (r.startup.source) out.push(`| Start-up, default dataset, from the source (\`node src/server.ts\`), median of ${r.startup.source.length} | ${fmt(median(r.startup.source))} ms | | |`)
  if (r.prism) out.push(`| Start-up, Prism on openapi.yaml | ${fmt(r.prism.startMs)} ms | | |`)
  for (const s of r.seeding) {
    const after = s.db === 'memory' && s.bookings === 100_000 && r.memoryAfterLoad
      ? `${fmt(s.rssMb)} MB (${fmt(r.memoryAfterLoad.rssMb)} MB after the load)`
      : s.db === 'file' ? `${fmt(s.rssMb)} MB (${fmt(r.fileMemory?.find((f) => f.bookings === s.bookings)?.rssMb ?? s.rssMb)} MB after the load)` : `${fmt(s.rssMb)} MB`
    out.push(`| Seeding ${fmt(s.bookings)} bookings (${s.db === 'memory' ? 'in memory' : 'file database'}), start to first answer | ${(s.ms / 1000).toFixed(2)} s | ${after} | ${fmt(s.peakMb)} MB |`)
  }
  if (r.prismError) out.push('', `Prism could not be measured: \`${r.prismError}\``)
  if (r.scheduling !== undefined) {
    out.push('', '### Scheduling (single requests, one after another)', '')
    out.push('| Bookings in the store | Time slots over 30 days: p50 / p99 ms | Booking a slot: p50 / p99 ms |', '|--:|--:|--:|')
    for (const [size, { slots, book }] of Object.entries(r.scheduling)) {
      out.push(`| ${fmt(Number(size))} | ${slots.p50.toFixed(2)} / ${slots.p99.toFixed(2)} (${slots.count}) | ${book.p50.toFixed(2)} / ${book.p99.toFixed(2)} (${book.count}) |`)
    }
  }
  out.push('', '### Targets', '', 'Met or not as the issue measures them, in requests per second; for the ratios to the ceiling, the same ratio by CPU per answer beside it.', '')
  out.push('| Target | Measured | Met | By CPU per answer |', '|---|---|:-:|--:|')
  for (const [target, measured, met, byCpu] of targets(r)) {
    out.push(`| ${target} | ${measured} | ${met === null ? '–' : met ? 'yes' : '**no**'} | ${byCpu === undefined || Number.isNaN(byCpu) ? '–' : `${(byCpu * 100).toFixed(1)}%`} |`)
  }
  return out.join('\n')
}

/** How much of the ceiling's speed the mock has by CPU per answer: the ceiling's CPU over the mock's (NaN when unmeasured). */
function cpuRatio (mock: Cell | undefined, ceiling: Cell | undefined): number {
  return (ceiling?.cpuUs ?? NaN) / (mock?.cpuUs ?? NaN)
}

type TargetRow = [target: string, measured: string, met: boolean | null, byCpu?: number]

function targets (r: Results): TargetRow[] {
  const rows: TargetRow[] = []
  const ratio = (key: string, other: string) => {
    const cells = r.main[key]?.cells
    return cells?.[other] ? cells['oncehub-mock']!.rps / cells[other]!.rps : NaN
  }
  const byCpu = (key: string) => cpuRatio(r.main[key]?.cells['oncehub-mock'], r.main[key]?.cells.ceiling)
  // One decimal: a ratio a hair under its target must not read as the target.
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`
  const get = ratio('get', 'ceiling')
  rows.push(['get by id ≥ 60% of the ceiling', percent(get), get >= 0.6, byCpu('get')])
  for (const key of LIST_PAGES) {
    const value = ratio(key, 'ceiling')
    rows.push([`list page \`${key}\` ≥ 45% of the ceiling`, percent(value), value >= 0.45, byCpu(key)])
  }
  const cancel = r.main.cancel?.cells['oncehub-mock']?.rps ?? NaN
  rows.push(['cancel on a file database ≥ 1,000/s', `${Math.round(cancel).toLocaleString('en')}/s`, cancel >= 1000])
  const startup = median(r.startup.dist)
  rows.push(['start-up with the default dataset < 1 s', `${Math.round(startup)} ms`, startup < 1000])
  for (const [size, latency] of Object.entries(r.scheduling ?? {})) {
    rows.push([`time slots over 30 days, p99 ≤ 5 ms at ${Number(size).toLocaleString('en')} bookings`, `${latency.slots.p99.toFixed(2)} ms`, latency.slots.p99 <= 5])
  }
  return rows
}

function median (values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2
}

/** The machine, the versions that matter, and the commit (noting changes in src/ not committed). */
export function machine (): string {
  const version = (name: string) => (JSON.parse(readFileSync(`${ROOT}node_modules/${name}/package.json`, 'utf8')) as { version: string }).version
  const sqlite = new Database(':memory:').prepare('SELECT sqlite_version()').pluck().get() as string
  let commit = 'unknown'
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim()
    if (execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '') commit += ' with changes in src/'
  } catch {}
  return `${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), ${Math.round(totalmem() / 2 ** 30)} GiB, Linux ${release()}; ` +
    `Node ${process.versions.node}, Fastify ${version('fastify')}, better-sqlite3 ${version('better-sqlite3')} (SQLite ${sqlite}), ` +
    `autocannon ${version('autocannon')}, @stoplight/prism-cli ${version('@stoplight/prism-cli')}; commit ${commit}`
}
