// One bounded burst of load from autocannon, where every response is checked
// before it counts: requests per second are the correct answers per second.

import autocannon from 'autocannon'
import { readFileSync } from 'node:fs'

/** What a response must be to count; `path` is the request that got it. */
export type Check = (status: number, body: string, headers: Record<string, string>, path: string) => boolean

export interface LoadOptions {
  url: string
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: string
  /** A fixed path, or a new one for every request (e.g. distinct bookings to cancel). */
  path: string | (() => string)
  check: Check
  connections: number
  /** Run for this long, or until `amount` requests have been answered. */
  seconds?: number
  amount?: number
  /** The server's process, to measure the CPU time it spends per answer. */
  pid?: number
}

export interface LoadResult {
  /** Correct responses per second. */
  rps: number
  p50: number
  p99: number
  ok: number
  /** Responses that failed their check, plus connection errors and timeouts. */
  bad: number
  /** The first wrong response seen, to say what went wrong. */
  sample?: string
  /** CPU time (user + system, all threads) the server spent per correct answer, in µs; NaN without a pid. */
  cpuUs: number
}

// Linux counts a process's CPU time in /proc in clock ticks of 10 ms (USER_HZ is
// 100 on every architecture Node runs on); a 1.5 s trial at one busy core is 150 ticks.
const TICK_US = 10_000

/** CPU time of process `pid` so far, user + system, every thread, in µs (from /proc/<pid>/stat). */
export function cpuTimeUs (pid: number): number {
  // The command name in parentheses may hold spaces: fields are counted after its ')'.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) * TICK_US
}

/** Runs one burst and returns its throughput and latency. */
export async function load (options: LoadOptions): Promise<LoadResult> {
  let ok = 0
  let bad = 0
  let sample: string | undefined
  const dynamic = typeof options.path === 'function' ? options.path : undefined
  const fixedPath = typeof options.path === 'string' ? options.path : ''
  const cpuBefore = options.pid === undefined ? NaN : cpuTimeUs(options.pid)
  const started = performance.now()
  // Autocannon's run ends on its one-second tick, not at its last answer: a burst of
  // `amount` requests is timed to the last answer, or its rate would be rounded down
  // to whole seconds (5,000 cancels in 2.1 s read as 1,666 a second).
  let lastAnswer = started
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    pipelining: 1,
    timeout: 10,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.seconds ?? 1 }),
    requests: [{
      method: options.method ?? 'GET',
      headers: options.headers,
      body: options.body,
      path: fixedPath,
      // With one request in flight per connection, the connection's context holds
      // its path; a fixed path is built once, a dynamic one for every request.
      ...(dynamic && {
        setupRequest: (request: any, context: any) => {
          context.path = dynamic()
          return { ...request, path: context.path }
        }
      }),
      onResponse: (status: number, body: string, context: any, headers: any) => {
        lastAnswer = performance.now()
        if (options.check(status, body, headers ?? {}, dynamic ? context.path : fixedPath)) {
          ok++
        } else {
          bad++
          sample ??= `${status} ${body.slice(0, 200)}`
        }
      }
    }] as any
  })
  const seconds = (lastAnswer - started) / 1000
  const cpu = options.pid === undefined ? NaN : cpuTimeUs(options.pid) - cpuBefore
  return {
    rps: ok / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    bad: bad + result.errors + result.timeouts,
    sample,
    cpuUs: cpu / ok
  }
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median (values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
