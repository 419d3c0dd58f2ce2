// The servers under load, each a child process on 127.0.0.1: oncehub-mock as it
// runs in production (compiled dist/, LOG_LEVEL=warn), the bare Fastify ceiling,
// and Stoplight Prism mocking openapi.yaml. Each is stopped by the script.

import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const API_KEY = 'bench-key'

export interface Subject {
  name: string
  url: string
  pid: number
  /** Milliseconds from spawn to the first correct answer. */
  startMs: number
  /** Resident memory now, and the most it has held, in MB (from /proc). */
  memory(): { rssMb: number, peakMb: number }
  stop(): Promise<void>
}

/** A port nobody listens on now. */
export async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** The reference date the bench's datasets are placed around: two days ahead, so no booking completes during a run. */
export function benchReferenceDate (): string {
  return new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10)
}

export interface MockOptions {
  name: string
  bookings?: number
  db?: string
  /** `dist` (production) or `source` (as `npm start` in a clone runs it). */
  mode?: 'dist' | 'source'
  timeoutMs?: number
}

/** Starts oncehub-mock and waits for its first correct answer. */
export async function startMock (options: MockOptions): Promise<Subject> {
  const port = await freePort()
  const env: Record<string, string> = {
    ...process.env as Record<string, string>,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ONCEHUB_MOCK_REFERENCE_DATE: benchReferenceDate()
  }
  if (options.bookings !== undefined) env.ONCEHUB_MOCK_BOOKINGS = String(options.bookings)
  if (options.db !== undefined) env.ONCEHUB_MOCK_DB = options.db
  const args = options.mode === 'source' ? ['src/server.ts'] : ['dist/server.js']
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] })
  return await ready(options.name, child, port, (body) => JSON.parse(body).object === 'list', options.timeoutMs)
}

/** Starts the ceiling, serving `responsesFile` (see ceiling.ts). */
export async function startCeiling (responsesFile: string): Promise<Subject> {
  const port = await freePort()
  const child = spawn(process.execPath, ['bench/ceiling.ts', responsesFile, String(port)], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] })
  return await ready('ceiling', child, port, (body) => body.startsWith('{'))
}

/** Starts Prism's mock server on openapi.yaml (static examples, no logging). */
export async function startPrism (): Promise<Subject> {
  const port = await freePort()
  const bin = `${ROOT}node_modules/@stoplight/prism-cli/dist/index.js`
  const child = spawn(process.execPath, [bin, 'mock', '-h', '127.0.0.1', '-p', String(port), '-v', 'silent', 'openapi.yaml'],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] })
  return await ready('prism', child, port, (body) => JSON.parse(body).object === 'list', 60_000)
}

// Polls GET /v2/bookings?limit=1 every 5 ms until it is answered correctly.
async function ready (name: string, child: ChildProcess, port: number, correct: (body: string) => boolean, timeoutMs = 180_000): Promise<Subject> {
  const started = performance.now()
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let gone = false
  exited.then(() => { gone = true }, () => {})
  const url = `http://127.0.0.1:${port}`
  for (;;) {
    if (gone) throw new Error(`${name} exited before answering: ${stderr.trim().slice(0, 2000)}`)
    if (performance.now() - started > timeoutMs) {
      child.kill('SIGKILL')
      throw new Error(`${name} did not answer within ${timeoutMs} ms`)
    }
    try {
      const response = await fetch(`${url}/v2/bookings?limit=1`, { headers: { 'API-Key': API_KEY } })
      const body = await response.text()
      if (response.status === 200 && correct(body)) break
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  const startMs = performance.now() - started
  const pid = child.pid!
  return {
    name,
    url,
    pid,
    startMs,
    memory: () => procMemory(pid),
    stop: async () => {
      if (gone) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    }
  }
}

/** VmRSS and VmHWM of a process, in MB. */
export function procMemory (pid: number): { rssMb: number, peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 }
}
