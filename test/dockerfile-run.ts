// Starts a built runtime stage the way `docker run` would, for the Dockerfile check:
// its CMD as PID 1 of a new PID namespace (so SIGTERM reaches it as it reaches a
// container's first process), as the image's USER, in its WORKDIR, with its ENV; then
// its HEALTHCHECK, its logs and its stop signal. checkImage() is the whole check.

import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { createServer, connect } from 'node:net'
import { posix } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { buildStages, CheckFailure, hostPath, mapPaths, userIds, withEnv, type BuildOptions, type BuiltStage, type Command } from './dockerfile-build.ts'

/** How long the server may take to stop after its stop signal ("a few seconds"; Docker waits 10). */
export const STOP_WITHIN_MS = 5000

export interface Container {
  /** The CMD's process, seen from here; PID 1 inside its namespace. */
  pid: number
  port: number
  stdout: string[]
  stderr: () => string
  closed: Promise<{ code: number | null, signal: NodeJS.Signals | null }>
}

const running = new Set<ChildProcess>()

/** Kills whatever a failed check left running. */
export function killLeftovers (): void {
  for (const child of running) child.kill('SIGKILL')
}

/** A command's argv with the image's absolute paths moved under the stage's folder. */
function argvOf (stage: BuiltStage, command: Command): string[] {
  if (command.shell) return [command.argv[0]!, command.argv[1]!, mapPaths(command.argv[2]!, stage.root)]
  return command.argv.map((word, i) => i > 0 && word.startsWith('/') ? hostPath(stage, word) : word)
}

/** The container's environment: its ENV (image paths moved), on 127.0.0.1 and `port`. */
export function containerEnv (stage: BuiltStage, port: number, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin' }
  for (const [name, value] of Object.entries({ ...stage.env, ...extra })) env[name] = value.startsWith('/') ? hostPath(stage, value) : value
  return { ...env, HOST: '127.0.0.1', PORT: String(port) }
}

function asUser (stage: BuiltStage): string[] {
  const { uid, gid } = userIds(stage.user)
  return ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--']
}

/** Starts the stage's CMD and waits until it accepts connections on `port`. */
export async function startContainer (stage: BuiltStage, env: Record<string, string>, readyWithinMs: number): Promise<Container> {
  if (stage.cmd === null) throw new CheckFailure('CMD', 'the runtime stage has no CMD')
  const port = Number(env.PORT)
  const argv = ['unshare', '--pid', '--fork', '--kill-child', ...asUser(stage), ...argvOf(stage, stage.cmd)]
  const child = spawn(...withEnv(argv, env), { cwd: hostPath(stage, '.'), stdio: ['ignore', 'pipe', 'pipe'] })
  running.add(child)
  const stdout: string[] = []
  let partial = ''
  let stderr = ''
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n')
    partial = lines.pop()!
    stdout.push(...lines)
  })
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  let exited = false
  const closed = new Promise<{ code: number | null, signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => {
    exited = true
    running.delete(child)
    if (partial !== '') stdout.push(partial)
    resolve({ code, signal })
  }))
  const failed = async (reason: string): Promise<never> => {
    child.kill('SIGKILL')
    const { code } = await closed
    const said = stderr.split('\n').filter((line) => line.trim() !== '' && !/^\s+at /.test(line)).slice(0, 10).join('\n')
    throw new CheckFailure(`CMD ${JSON.stringify(stage.cmd!.argv)}`, `${reason} (exit code ${code})\n${said}`)
  }
  const deadline = Date.now() + readyWithinMs
  while (!await accepts(port)) {
    if (exited) return await failed('exited before it listened')
    if (Date.now() > deadline) return await failed(`did not listen on port ${port} within ${readyWithinMs} ms`)
    await sleep(100)
  }
  // unshare forked the CMD: its one child, which the kernel calls PID 1 inside.
  const children = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/)
  const pid = Number(children[0])
  const nspid = /^NSpid:\s+(.*)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]?.trim().split(/\s+/).at(-1)
  if (children.length !== 1 || nspid !== '1') return await failed(`is not PID 1 of its namespace (NSpid ${nspid})`)
  return { pid, port, stdout, stderr: () => stderr, closed }
}

function accepts (port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => { socket.destroy(); resolve(true) })
    socket.once('error', () => resolve(false))
  })
}

/** Runs the stage's HEALTHCHECK command as the container would; its exit code, or null on its timeout. */
export async function healthcheck (stage: BuiltStage, env: Record<string, string>): Promise<{ code: number | null, output: string }> {
  if (stage.healthcheck === null) throw new CheckFailure('HEALTHCHECK', 'the runtime stage has none')
  const argv = [...asUser(stage), ...argvOf(stage, stage.healthcheck)]
  const child = spawn(...withEnv(argv, env), { cwd: hostPath(stage, '.'), stdio: ['ignore', 'pipe', 'pipe'], timeout: stage.healthcheck.timeoutMs })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])))
  return { code: signal === null ? code : null, output }
}

/** Sends the stage's STOPSIGNAL as `docker stop` does and waits for the exit. */
export async function stopContainer (stage: BuiltStage, container: Container): Promise<{ code: number | null, ms: number }> {
  const started = Date.now()
  process.kill(container.pid, stage.stopSignal)
  const timer = setTimeout(() => process.kill(container.pid, 'SIGKILL'), STOP_WITHIN_MS)
  const { code } = await container.closed
  clearTimeout(timer)
  const ms = Date.now() - started
  if (ms >= STOP_WITHIN_MS) throw new CheckFailure(`STOPSIGNAL ${stage.stopSignal}`, `still running ${STOP_WITHIN_MS} ms after it, killed`)
  if (code !== 0) throw new CheckFailure(`STOPSIGNAL ${stage.stopSignal}`, `exit code ${code}, not 0\n${container.stderr()}`)
  return { code, ms }
}

/** A free port on 127.0.0.1. */
export function freePort (): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

export interface CheckReport {
  stages: BuiltStage[]
  runtime: BuiltStage
  /** The first run's stdout, parsed: every line is a JSON log record. */
  logs: Array<Record<string, unknown>>
  /** Milliseconds: until it listened, until it stopped after the stop signal. */
  readyMs: number
  stopMs: number
  /** The database file the second run, with ONCEHUB_MOCK_DB under the VOLUME, wrote. */
  volumeFile: string
}

/**
 * The whole check: builds every stage, then runs the last one twice, with no volume
 * (the image's own dataset) and with a database file under its first VOLUME. Each run
 * must listen, pass its HEALTHCHECK, serve data, log JSON lines and stop cleanly on
 * its stop signal; the HEALTHCHECK must fail once it has stopped.
 */
export async function checkImage (dockerfile: string, options: BuildOptions): Promise<CheckReport> {
  const stages = await buildStages(dockerfile, options)
  const runtime = stages.at(-1)!
  if (userIds(runtime.user).uid === 0) throw new CheckFailure('USER', 'the runtime stage runs as root')
  if (runtime.volumes.length === 0) throw new CheckFailure('VOLUME', 'the runtime stage declares none for the database file')
  const hc = runtime.healthcheck
  if (hc === null) throw new CheckFailure('HEALTHCHECK', 'the runtime stage has none')
  // Docker marks the container unhealthy after the start period and `retries` failed intervals.
  const readyWithinMs = hc.startPeriodMs + hc.intervalMs * hc.retries

  const first = await oneRun(runtime, {}, readyWithinMs, options)
  const volumeFile = posix.join(runtime.volumes[0]!, 'oncehub.db')
  await oneRun(runtime, { ONCEHUB_MOCK_DB: volumeFile }, readyWithinMs, options)
  const written = hostPath(runtime, volumeFile)
  if (!existsSync(written) || statSync(written).uid !== userIds(runtime.user).uid) {
    throw new CheckFailure(`VOLUME ${runtime.volumes[0]}`, `${volumeFile} was not written by the runtime user`)
  }
  return { stages, runtime, volumeFile: written, ...first }
}

async function oneRun (runtime: BuiltStage, extra: Record<string, string>, readyWithinMs: number, options: BuildOptions) {
  const env = containerEnv(runtime, await freePort(), extra)
  const started = Date.now()
  const container = await startContainer(runtime, env, readyWithinMs)
  const readyMs = Date.now() - started
  options.log?.(`runtime ${JSON.stringify(extra)}: listening after ${readyMs} ms`)
  const health = await healthcheck(runtime, env)
  if (health.code !== 0) throw new CheckFailure('HEALTHCHECK', `exit code ${health.code} against the running server\n${health.output}`)
  const res = await fetch(`http://127.0.0.1:${container.port}/v2/bookings?limit=1`, { headers: { 'API-Key': 'dockerfile-check' } })
  const body = await res.json() as { data?: unknown[] }
  if (res.status !== 200 || body.data?.length !== 1) throw new CheckFailure('CMD', `GET /v2/bookings answered ${res.status} with ${body.data?.length ?? 'no'} bookings`)
  const { ms: stopMs } = await stopContainer(runtime, container)
  options.log?.(`runtime ${JSON.stringify(extra)}: stopped ${stopMs} ms after ${runtime.stopSignal}`)
  const after = await healthcheck(runtime, env)
  if (after.code === 0) throw new CheckFailure('HEALTHCHECK', 'exit code 0 with the server stopped: it checks nothing')
  if (container.stderr() !== '') throw new CheckFailure('logs', `stderr is not empty:\n${container.stderr()}`)
  const logs = container.stdout.filter((line) => line !== '').map((line, i) => {
    try {
      const record: unknown = JSON.parse(line)
      if (typeof record === 'object' && record !== null && typeof (record as { msg?: unknown }).msg === 'string') return record as Record<string, unknown>
    } catch {}
    throw new CheckFailure('logs', `stdout line ${i + 1} is not a JSON log record: ${line}`)
  })
  return { logs, readyMs, stopMs }
}
