// npm run bench [-- --quick] [-- --write] [-- --report]: the benchmark, with issue 18's
// targets (bench/report.ts). It builds dist/, starts every subject on 127.0.0.1,
// measures, prints, and (in the full run, or with --write) rewrites the results part
// of BENCHMARKS.md and the chart.
// Every load is bounded in time or count; every process it starts, it stops.

import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Canned } from './ceiling.ts'
import { load, median, type Check, type LoadResult } from './load.ts'
import { machine, writeReport, type Cell, type Results } from './report.ts'
import { cancelable, cancelCheck, cancelScenario, fetchAnswer, findFixtures, readScenarios, sameAs, type Answer, type Scenario } from './scenarios.ts'
import { schedulingLatency } from './scheduling.ts'
import { ROOT, benchReferenceDate, startCeiling, startMock, startPrism, type Subject } from './subjects.ts'

const quick = process.argv.includes('--quick')
// Cancels warm up on 3,000, not 1,000: a file database's first few thousand cancels
// cost more. With 1,000, the first trial's cost 390 µs of CPU each against 210 by
// the fourth; measured alone, 270 µs in the 3,000 after the first 1,000, then 150-170.
// 100,000 bookings hold about 20,000 cancelable ones, for the 15,000 needed.
const PLAN = quick
  ? { trials: 1, seconds: 1, warmup: 0.5, sizes: [1_000, 100_000], cancels: 2_000, cancelWarmup: 300, startups: 2, schedulingRequests: 200 }
  : { trials: 4, seconds: 1.5, warmup: 1, sizes: [1_000, 100_000, 1_000_000], cancels: 3_000, cancelWarmup: 3_000, startups: 5, schedulingRequests: 1000 }
const CONNECTIONS = 10
const MAIN_BOOKINGS = 100_000

const began = performance.now()
const log = (message: string) => console.log(`[${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s] ${message}`)
const running: Subject[] = []
const work = mkdtempSync(join(tmpdir(), 'oncehub-bench-'))

/** A subject under load: where it is, and how each of its answers is checked. */
interface Target {
  name: string
  url: string
  /** The server's process, whose CPU time per answer is measured. */
  pid: number
  path: string | (() => string)
  check: Check
}

async function main (): Promise<Results> {
  log('npm run build')
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' })
  const referenceDate = benchReferenceDate()
  const results: Results = {
    quick,
    plan: PLAN,
    connections: CONNECTIONS,
    date: new Date().toISOString(),
    referenceDate,
    loadAverage: loadavg()[0]!,
    machine: machine(),
    startup: { dist: [], source: [] },
    seeding: [],
    main: {},
    scaling: {},
    prism: null,
    prismError: null
  }

  log(`start-up with the default dataset, ${PLAN.startups} times each from dist/ and from the source`)
  for (let i = 0; i < PLAN.startups; i++) {
    for (const mode of ['dist', 'source'] as const) {
      const subject = await startMock({ name: `default (${mode})`, mode })
      results.startup[mode]!.push(subject.startMs)
      await subject.stop()
    }
  }

  const seeded = async (name: string, bookings: number, db: 'memory' | 'file') => {
    log(`seeding ${bookings.toLocaleString('en')} bookings (${db})`)
    const subject = await start(() => startMock({ name, bookings, db: db === 'file' ? join(work, `${bookings}.db`) : undefined, timeoutMs: 400_000 }))
    results.seeding.push({ bookings, db, ms: subject.startMs, ...subject.memory() })
    log(`  ${(subject.startMs / 1000).toFixed(2)} s to the first answer, ${subject.memory().rssMb.toFixed(0)} MB resident`)
    return subject
  }
  const mock = await seeded('oncehub-mock', MAIN_BOOKINGS, 'memory')
  const fixtures = await findFixtures(mock.url, referenceDate)
  const scenarios = readScenarios(fixtures)
  const mockAnswers = await references(mock, scenarios, true)

  // Scaling reads datasets of each size in memory, as the server holds one by default
  // (the main one is the 100,000); cancels go to a file database (WAL).
  const sizes = new Map<number, Subject>()
  for (const size of PLAN.sizes) sizes.set(size, size === MAIN_BOOKINGS ? mock : await seeded(`oncehub-mock (${size})`, size, 'memory'))
  const cancelTarget = await seeded(`oncehub-mock (file, ${MAIN_BOOKINGS})`, MAIN_BOOKINGS, 'file')
  const pool = await cancelable(cancelTarget.url, PLAN.cancelWarmup + PLAN.trials * PLAN.cancels + 1)
  log(`${pool.length.toLocaleString('en')} cancelable bookings in the file database`)
  const firstCancel = await fetchAnswer(cancelTarget.url, cancelScenario, `/v2/bookings/${pool.shift()}/cancel`)
  must(cancelScenario.validate(firstCancel, true), 'oncehub-mock', cancelScenario)

  const canned: Canned[] = [...scenarios.map((s) => cannedFrom(s, s.path!, mockAnswers.get(s.key)!)),
    cannedFrom(scenarios[1]!, '/v2/bookings?limit=1', await fetchAnswer(mock.url, scenarios[1]!, '/v2/bookings?limit=1')),
    cannedFrom(cancelScenario, '*', firstCancel)]
  writeFileSync(join(work, 'ceiling.json'), JSON.stringify(canned))
  const ceiling = await start(() => startCeiling(join(work, 'ceiling.json')))
  const ceilingAnswers = await references(ceiling, scenarios, true)

  let prism: Subject | null = null
  let prismAnswers = new Map<string, Answer>()
  try {
    log('starting Prism')
    prism = await start(() => startPrism())
    results.prism = { startMs: prism.startMs }
    prismAnswers = await references(prism, [...scenarios, { ...cancelScenario, path: `/v2/bookings/${fixtures.bookingId}/cancel` }], false)
  } catch (error) {
    results.prismError = (error as Error).message
    log(`Prism could not be measured: ${results.prismError}`)
  }

  for (const scenario of scenarios) {
    const targets: Target[] = [
      { name: 'oncehub-mock', url: mock.url, pid: mock.pid, path: scenario.path!, check: sameAs(mockAnswers.get(scenario.key)!) },
      { name: 'ceiling', url: ceiling.url, pid: ceiling.pid, path: scenario.path!, check: sameAs(ceilingAnswers.get(scenario.key)!) }
    ]
    if (prism) targets.push({ name: 'prism', url: prism.url, pid: prism.pid, path: scenario.path!, check: sameAs(prismAnswers.get(scenario.key)!) })
    results.main[scenario.key] = { title: scenario.title, cells: await measure(scenario, targets) }
  }
  results.memoryAfterLoad = mock.memory()

  // Scaling: the same reads on each size, trials interleaved across sizes.
  for (const key of ['get', 'list', 'filtered', 'deep']) {
    const targets: Target[] = []
    let title = ''
    for (const [size, subject] of sizes) {
      const scenario = readScenarios(await findFixtures(subject.url, referenceDate)).find((s) => s.key === key)!
      const answer = await fetchAnswer(subject.url, scenario, scenario.path!)
      must(scenario.validate(answer, true), subject.name, scenario)
      targets.push({ name: String(size), url: subject.url, pid: subject.pid, path: scenario.path!, check: sameAs(answer) })
      title = scenario.title
    }
    results.scaling[key] = { title, cells: await measure({ ...scenarios.find((s) => s.key === key)!, key }, targets) }
  }
  // Scheduling (issue 19): single requests, after the reads, as booking adds bookings.
  results.scheduling = {}
  for (const size of [1_000, MAIN_BOOKINGS]) {
    log(`scheduling: time slots and booking at ${size.toLocaleString('en')} bookings`)
    results.scheduling[size] = await schedulingLatency(sizes.get(size)!.url, PLAN.schedulingRequests)
  }
  for (const subject of sizes.values()) await stop(subject)
  results.fileMemory = [{ bookings: MAIN_BOOKINGS, ...cancelTarget.memory() }]

  // Cancel: each request on a booking no other request touched.
  let next = 0
  const cancelTargets: Target[] = [
    { name: 'oncehub-mock', url: cancelTarget.url, pid: cancelTarget.pid, path: () => `/v2/bookings/${pool[next++ % pool.length]}/cancel`, check: cancelCheck },
    { name: 'ceiling', url: ceiling.url, pid: ceiling.pid, path: `/v2/bookings/${fixtures.bookingId}/cancel`, check: sameAs(firstCancel) }
  ]
  if (prism) cancelTargets.push({ name: 'prism', url: prism.url, pid: prism.pid, path: `/v2/bookings/${fixtures.bookingId}/cancel`, check: sameAs(prismAnswers.get('cancel')!) })
  results.main.cancel = { title: cancelScenario.title, cells: await measure(cancelScenario, cancelTargets, true) }
  if (next > pool.length) log(`warning: ${next - pool.length} cancels reused a booking (and counted as wrong)`)

  for (const subject of [...running]) await stop(subject)
  return results
}

// Warm-up for every target, then interleaved trials (the order rotates each time); medians.
async function measure (scenario: Scenario, targets: Target[], byCount = false): Promise<Record<string, Cell>> {
  log(`${scenario.key}: ${targets.map((t) => t.name).join(' / ')}`)
  const run = (target: Target, warm: boolean) => load({
    url: target.url,
    method: scenario.method,
    headers: scenario.headers,
    body: scenario.body,
    path: target.path,
    check: target.check,
    pid: target.pid,
    connections: CONNECTIONS,
    ...(byCount ? { amount: warm ? PLAN.cancelWarmup : PLAN.cancels } : { seconds: warm ? PLAN.warmup : PLAN.seconds })
  })
  for (const target of targets) await run(target, true)
  const trials = new Map<string, LoadResult[]>(targets.map((t) => [t.name, []]))
  for (let trial = 0; trial < PLAN.trials; trial++) {
    for (let i = 0; i < targets.length; i++) {
      const target = targets[(i + trial) % targets.length]!
      const result = await run(target, false)
      if (result.bad > 0) log(`  ${target.name}: ${result.bad} wrong answers, e.g. ${result.sample}`)
      trials.get(target.name)!.push(result)
    }
  }
  const cells: Record<string, Cell> = {}
  for (const [name, list] of trials) {
    const cpuUs = median(list.map((r) => r.cpuUs))
    const cell: Cell = { rps: median(list.map((r) => r.rps)), p50: median(list.map((r) => r.p50)), p99: median(list.map((r) => r.p99)), cpuUs, bad: list.reduce((n, r) => n + r.bad, 0), trials: list }
    cells[name] = cell
    log(`  ${name.padEnd(14)} ${cell.rps.toFixed(0).padStart(7)} req/s  p50 ${cell.p50} ms  p99 ${cell.p99} ms  ${cpuUs.toFixed(1)} µs of CPU per answer`)
  }
  return cells
}

async function references (subject: Subject, scenarios: Scenario[], strict: boolean): Promise<Map<string, Answer>> {
  const answers = new Map<string, Answer>()
  for (const scenario of scenarios) {
    const answer = await fetchAnswer(subject.url, scenario, scenario.path!)
    must(scenario.validate(answer, strict), subject.name, scenario)
    answers.set(scenario.key, answer)
  }
  return answers
}

function cannedFrom (scenario: Scenario, url: string, answer: Answer): Canned {
  const headers: Record<string, string> = {}
  if (answer.requestId !== null) headers['request-id'] = answer.requestId
  if (answer.link !== null) headers.link = answer.link
  return { method: scenario.method, route: scenario.route, url, status: answer.status, headers, body: answer.body }
}

function must (problem: string | null, subject: string, scenario: Scenario): void {
  if (problem !== null) throw new Error(`${subject} answered ${scenario.key} wrongly: ${problem}`)
}

async function start (starter: () => Promise<Subject>): Promise<Subject> {
  const subject = await starter()
  running.push(subject)
  return subject
}

async function stop (subject: Subject): Promise<void> {
  running.splice(running.indexOf(subject), 1)
  await subject.stop()
}

if (process.argv.includes('--report')) {
  // Renders bench/results.json again, e.g. after a change to the report's layout.
  writeReport(JSON.parse(readFileSync(`${ROOT}bench/results.json`, 'utf8')) as Results, { write: true })
  process.exit(0)
}

try {
  const results = await main()
  results.totalSeconds = (performance.now() - began) / 1000
  writeReport(results, { write: !quick || process.argv.includes('--write') })
  log('done')
} catch (error) {
  console.error(error)
  process.exitCode = 1
} finally {
  await Promise.all(running.map((subject) => subject.stop()))
  rmSync(work, { recursive: true, force: true })
}
