// The Dockerfile check's demands on the image it builds: checkImage() builds every
// stage, then runs the runtime stage as `docker run` would (test/program/docker/container.ts)
// and asks of each run what a user of the image would.

import { existsSync, readFileSync, statSync } from 'node:fs'
import { join, posix } from 'node:path'
import { buildStages } from './build.ts'
import { CONTAINER_ADDRESS, fetchInside, healthcheck, startContainer, stopContainer, type Answer, type Container } from './container.ts'
import { CheckFailure, hostPath, userIds, type BuildOptions, type BuiltStage } from './image.ts'

/** The key the second run is given on its command line, after the image's name. */
const API_KEY = 'dockerfile-check'

/** The container's environment: its ENV as written (image paths moved), and `extra` as `docker run -e` gives it. */
export function containerEnv (stage: BuiltStage, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin' }
  for (const [name, value] of Object.entries({ ...stage.env, ...extra })) env[name] = value.startsWith('/') ? hostPath(stage, value) : value
  return env
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
  /** The second run's stdout, parsed as the first's. */
  volumeLogs: Array<Record<string, unknown>>
  /** What the first run answered, by path. */
  answers: Map<string, Answer>
}

interface Run { env: Record<string, string>, args: string[] }

/**
 * The whole check: builds every stage, then runs the last one twice on its EXPOSEd
 * port: as `docker run IMAGE` (the image's own dataset), and as `docker run -e
 * ONCEHUB_MOCK_DB=<a file under its first VOLUME> IMAGE --api-keys KEY --bookings 500`. Each run must
 * listen, pass its HEALTHCHECK, answer on the container's address, log JSON lines and
 * stop cleanly on its stop signal; the HEALTHCHECK must fail once it has stopped.
 */
export async function checkImage (dockerfile: string, options: BuildOptions): Promise<CheckReport> {
  const stages = await buildStages(dockerfile, options)
  const runtime = stages.at(-1)!
  if (userIds(runtime.user).uid === 0) throw new CheckFailure('USER', 'the runtime stage runs as root')
  if (runtime.volumes.length === 0) throw new CheckFailure('VOLUME', 'the runtime stage declares none for the database file')
  const port = Number(runtime.expose[0]?.replace(/\/tcp$/, ''))
  if (!Number.isInteger(port)) throw new CheckFailure('EXPOSE', 'the runtime stage exposes no TCP port to publish')

  const first = await oneRun(runtime, port, { env: {}, args: [] }, options)
  const volumeFile = posix.join(runtime.volumes[0]!, 'oncehub.db')
  const second = await oneRun(runtime, port, { env: { ONCEHUB_MOCK_DB: volumeFile }, args: ['--api-keys', API_KEY, '--bookings', '500'] }, options)
  const written = hostPath(runtime, volumeFile)
  if (!existsSync(written) || statSync(written).uid !== userIds(runtime.user).uid) {
    throw new CheckFailure(`VOLUME ${runtime.volumes[0]}`, `${volumeFile} was not written by the runtime user`)
  }
  return { stages, runtime, volumeFile: written, volumeLogs: second.logs, ...first }
}

async function oneRun (runtime: BuiltStage, port: number, run: Run, options: BuildOptions) {
  const hc = runtime.healthcheck
  if (hc === null) throw new CheckFailure('HEALTHCHECK', 'the runtime stage has none')
  // Docker marks the container unhealthy after the start period and `retries` failed intervals.
  const readyWithinMs = hc.startPeriodMs + hc.intervalMs * hc.retries
  const env = containerEnv(runtime, run.env)
  const label = `docker run ${Object.keys(run.env).map((name) => `-e ${name} `).join('')}IMAGE ${run.args.join(' ')}`.trim()
  const started = Date.now()
  const container = await startContainer(runtime, env, run.args, port, readyWithinMs)
  let answers: Map<string, Answer>, stopMs: number
  try {
    const readyMs = Date.now() - started
    options.log?.(`${label}: listening after ${readyMs} ms`)
    const health = await healthcheck(runtime, container, env)
    if (health.code !== 0) throw new CheckFailure('HEALTHCHECK', `exit code ${health.code} against the running server\n${health.output}`)
    answers = await serves(container, port, run, env, options.context)
    ;({ ms: stopMs } = await stopContainer(runtime, container))
    options.log?.(`${label}: stopped ${stopMs} ms after ${runtime.stopSignal}`)
    const after = await healthcheck(runtime, container, env)
    if (after.code === 0) throw new CheckFailure('HEALTHCHECK', 'exit code 0 with the server stopped: it checks nothing')
    if (container.stderr() !== '') throw new CheckFailure('logs', `stderr is not empty:\n${container.stderr()}`)
    return { logs: jsonLogs(container), readyMs, stopMs, answers }
  } finally {
    container.remove()
  }
}

/** Asks the running container what its users would, through the published port's address; the answers by path. */
async function serves (container: Container, port: number, run: Run, env: Record<string, string>, context: string): Promise<Map<string, Answer>> {
  const base = `http://${CONTAINER_ADDRESS}:${port}`
  const key = run.args.includes('--api-keys') ? API_KEY : 'any-key'
  const asked = await fetchInside(container, [
    [`${base}/v2/bookings?limit=1`, { 'API-Key': key }], [`${base}/v2/bookings?limit=1`, { 'API-Key': 'another-key' }],
    [`${base}/docs/`, {}], [`${base}/openapi.yaml`, {}], [`${base}/openapi.json`, {}]
  ])
  const unreachable = asked.find((answer) => answer.error !== undefined)
  if (unreachable !== undefined) {
    throw new CheckFailure(`docker run -p ${port}:${port}`, `GET ${unreachable.url}: ${unreachable.error}. The server does not answer on the container's address, where a published port leads (HOST=${env.HOST ?? 'unset'})`)
  }
  const [bookings, otherKey, docs, yaml, json] = asked as [Answer, Answer, Answer, Answer, Answer]
  const fail = (answer: Answer, why: string): never => {
    throw new CheckFailure(container.step, `GET ${answer.url.slice(base.length)} answered ${answer.status} ${answer.type}: ${why}\n${answer.body?.slice(0, 300)}`)
  }
  if (bookings.status !== 200 || (JSON.parse(bookings.body!) as { data?: unknown[] }).data?.length !== 1) fail(bookings, 'not one booking')
  if (otherKey.status !== (key === API_KEY ? 401 : 200)) fail(otherKey, `another key, ${key === API_KEY ? 'with' : 'without'} --api-keys after the image's name`)
  if (docs.status !== 200 || !/^text\/html/.test(docs.type ?? '')) fail(docs, 'not the documentation page')
  if (yaml.status !== 200 || yaml.body !== readFileSync(join(context, 'openapi.yaml'), 'utf8')) fail(yaml, 'not the repository\'s openapi.yaml')
  if (json.status !== 200 || (JSON.parse(json.body!) as { paths?: object }).paths === undefined) fail(json, 'not the contract as JSON')
  // The documentation page's scripts (Swagger UI's files, from node_modules) must be in the image too.
  const scripts = [...docs.body!.matchAll(/<script src="([^"]+)"/g)].map((match) => new URL(match[1]!, docs.url).href)
  if (scripts.length === 0) fail(docs, 'no scripts')
  for (const script of await fetchInside(container, scripts.map((url) => [url, {}]))) {
    if (script.status !== 200) fail(script, 'a script of the documentation page is missing')
  }
  return new Map(asked.map((answer) => [answer.url.slice(base.length), answer]))
}

function jsonLogs (container: Container): Array<Record<string, unknown>> {
  return container.stdout.filter((line) => line !== '').map((line, i) => {
    try {
      const record: unknown = JSON.parse(line)
      if (typeof record === 'object' && record !== null && typeof (record as { msg?: unknown }).msg === 'string') return record as Record<string, unknown>
    } catch {}
    throw new CheckFailure('logs', `stdout line ${i + 1} is not a JSON log record: ${line}`)
  })
}
