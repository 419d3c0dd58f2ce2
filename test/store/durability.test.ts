// Durability and concurrency (issue 3, items 4 and 5): a restart on a database file
// keeps every change and does not reseed; a server killed with SIGKILL during a burst
// of cancels restarts on an intact file holding every cancel that got a 200; SIGTERM
// closes cleanly; parallel actions on one booking give one success and conflicts.

import t, { type Test } from 'tap'
import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import { request } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.ts'
import { ConfigError } from '../../src/config.ts'
import { SCHEMA_VERSION } from '../../src/store/store.ts'
import { contractViolations } from '../helpers/contract.ts'
import { databaseFile, referenceTime, testConfig } from '../helpers/app.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
type Call = (method: string, url: string, body?: unknown) => Promise<{ status: number, json: any }>

function checked (t: Test, method: string, url: string, status: number, headers: Record<string, string | string[] | number | undefined>, body: string) {
  t.strictSame(contractViolations(method, url, { statusCode: status, headers, body }), [], `${method} ${url} (${status}) keeps the contract`)
  return { status, json: body === '' ? undefined : JSON.parse(body) }
}

/** Requests through app.inject, every response checked against openapi.yaml. */
const injected = (t: Test, app: FastifyInstance): Call => async (method, url, body) => {
  const res = await app.inject({ method: method as 'GET', url, headers: { 'api-key': 'test-key', ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) })
  return checked(t, method, url, res.statusCode, res.headers, res.body)
}

/** Requests over a socket to `base`, every response checked against openapi.yaml. */
const socket = (t: Test, base: string): Call => async (method, url, body) => {
  const res = await fetch(base + url, { method, headers: { 'api-key': 'test-key', ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
  return checked(t, method, url, res.status, Object.fromEntries(res.headers), await res.text())
}

/** Every object of a list URL (which has a query), page after page by `after` while `has_more`. */
async function all (call: Call, url: string): Promise<any[]> {
  const out: any[] = []
  let next: string | undefined = url
  for (let pages = 0; next !== undefined && pages < 100; pages++) {
    const res = await call('GET', next)
    if (res.status !== 200) throw new Error(`${next}: ${res.status}`)
    out.push(...res.json.data)
    const after: string | undefined = res.json.has_more ? res.json.data.at(-1).id : undefined
    next = after === undefined ? undefined : `${url}&after=${after}`
  }
  return out
}

const within = async <T>(ms: number, what: string, promise: Promise<T>): Promise<T> => {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms) })
  try { return await Promise.race([promise, timeout]) } finally { clearTimeout(timer) }
}

/** A log line's `msg`, or the line itself when it is not JSON. */
function messageOf (line: string): string {
  try { return String((JSON.parse(line) as { msg?: unknown }).msg) } catch { return line }
}

interface Server { url: string, logs: () => string[], exited: Promise<{ code: number | null, signal: NodeJS.Signals | null }>, kill: (signal: NodeJS.Signals) => void }

/** Spawns the real server (`node src/server.ts`), killed at teardown if still running. */
async function spawnServer (t: Test, env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['src/server.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const exited = new Promise<{ code: number | null, signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  // Waits for the exit: the test's folder goes next, and a server still on its way out could write there.
  t.teardown(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGKILL')
    await exited
  })
  const lines: string[] = []
  let partial = ''
  let stderr = ''
  let listening: string | undefined
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
  const url = await within(30_000, 'the server listens', new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n')
      partial = parts.pop() ?? ''
      for (const line of parts) {
        const msg = messageOf(line)
        lines.push(msg)
        if (msg.startsWith('Server listening at ')) listening = msg.slice('Server listening at '.length).trim()
        // The start-up summary (bookings, seed) follows the listening line.
        if (listening !== undefined && msg.startsWith('oncehub-mock on ')) resolve(listening)
      }
    })
    exited.then(({ code, signal }) => reject(new Error(`the server exited (${code ?? signal}) before listening: ${stderr}`))).catch(reject)
  }))
  return { url, logs: () => lines, exited, kill: (signal) => child.kill(signal) }
}

t.test('a test\'s database file stays until every teardown of the test has run', async (t) => {
  // The tests below close their servers in teardowns, after their last assertion.
  let there: boolean | undefined
  await t.test('a test with a database file', async (t) => {
    const file = databaseFile(t)
    t.teardown(() => { there = existsSync(dirname(file)) })
  })
  t.equal(there, true, 'its folder was still there for the last teardown')
})

t.test('a restart on a database file keeps every change and does not reseed', async (t) => {
  const file = databaseFile(t)
  const open = async (env: Record<string, string>) => {
    const app = await buildApp(testConfig({ ONCEHUB_MOCK_DB: file, ...env }), { realNow: referenceTime() })
    let closed = false
    t.teardown(async () => { if (!closed) await app.close() })
    return { app, call: injected(t, app), close: async () => { closed = true; await app.close() } }
  }

  const first = await open({ ONCEHUB_MOCK_SEED: '5', ONCEHUB_MOCK_BOOKINGS: '120' })
  const target = (await all(first.call, '/v2/bookings?status=scheduled&limit=100')).find((b) => b.payment_information === null)
  const canceled = await first.call('POST', `/v2/bookings/${target.id}/cancel`, { cancellation_reason: 'Restart test' })
  t.equal(canceled.status, 200)
  t.equal(canceled.json.status, 'canceled')
  const created = await first.call('POST', '/_mock/bookings', { subject: 'Survives a restart', status: 'requested', starting_time: '2026-06-01T10:00:00Z' })
  t.equal(created.status, 201)
  const clock = await first.call('POST', '/_mock/clock', { now: '2026-03-01T12:00:00Z', frozen: true })
  t.match(clock.json, { now: '2026-03-01T12:00:00Z', frozen: true })
  const before = await all(first.call, '/v2/bookings?limit=100')
  t.equal(before.length, 121, 'the seeded 120 and the created one')
  await first.close()

  // Another seed and size: a reseed would show in the count, the seed and the data.
  const second = await open({ ONCEHUB_MOCK_SEED: '6', ONCEHUB_MOCK_BOOKINGS: '40' })
  t.match(second.app.store.dataset.info(), { seed: 5, bookings: 121 }, 'the file is served as it is')
  const again = await second.call('GET', `/v2/bookings/${target.id}`)
  t.equal(again.json.status, 'canceled', 'the canceled booking is still canceled')
  t.equal(again.json.last_updated_time, canceled.json.last_updated_time, 'with the same last_updated_time')
  t.strictSame(again.json, canceled.json)
  t.strictSame((await second.call('GET', `/v2/bookings/${created.json.id}`)).json, created.json, 'the created booking is there')
  t.strictSame((await second.call('GET', '/_mock/clock')).json, { object: 'clock', now: '2026-03-01T12:00:00Z', frozen: true }, 'the clock stands where it was set')
  t.strictSame(await all(second.call, '/v2/bookings?limit=100'), before, 'every booking reads as before the restart')
})

t.test('a reset on a database file replaces the file, which a restart serves', async (t) => {
  const file = databaseFile(t)
  const env = { ONCEHUB_MOCK_DB: file, ONCEHUB_MOCK_SEED: '5', ONCEHUB_MOCK_BOOKINGS: '50' }
  const first = await buildApp(testConfig(env), { realNow: referenceTime() })
  const call = injected(t, first)
  await call('POST', '/_mock/bookings', { subject: 'Dropped by the reset' })
  await call('POST', '/_mock/clock', { now: '2026-03-01T12:00:00Z', frozen: true })
  const reset = await call('POST', '/_mock/reset', { seed: 8, bookings: 30 })
  t.strictSame(reset.json, { object: 'dataset', seed: 8, bookings: 30, reference_date: '2026-01-01T00:00:00Z' })
  t.equal((await all(call, '/v2/bookings?limit=100')).length, 30, 'the new dataset serves at once')
  t.equal((await call('GET', '/_mock/clock')).json.frozen, false, 'on a clock in real time')
  await call('POST', '/_mock/bookings', { subject: 'Made after the reset' })
  await first.close()
  t.strictSame(readdirSync(dirname(file)).filter((name) => name.startsWith('mock.db')).sort(), ['mock.db'], 'one file, no side file left behind')

  const second = await buildApp(testConfig(env), { realNow: referenceTime() })
  t.teardown(() => second.close())
  t.match(second.store.dataset.info(), { seed: 8, bookings: 31 }, 'a restart serves the reset dataset and what came after it')
})

t.test('a database file written with another table layout is refused, not misread', async (t) => {
  const file = databaseFile(t, 'old.db')
  const old = new Database(file)
  old.exec('CREATE TABLE bookings (id TEXT PRIMARY KEY, status TEXT)')
  old.pragma('user_version = 1')
  old.close()
  await t.rejects(buildApp(testConfig({ ONCEHUB_MOCK_DB: file })), new ConfigError(`ONCEHUB_MOCK_DB: cannot open '${file}': ` +
    `it was written by another version of oncehub-mock (schema 1, this one reads ${SCHEMA_VERSION}): delete it, or use another file`))
  const again = new Database(file, { readonly: true })
  t.teardown(() => again.close())
  t.strictSame(again.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all(), ['bookings'], 'and left as it was')
})

t.test('on a database file, an answer leaves only once its change is committed', async (t) => {
  const file = databaseFile(t)
  const app = await buildApp(testConfig({ ONCEHUB_MOCK_DB: file, ONCEHUB_MOCK_SEED: '5', ONCEHUB_MOCK_BOOKINGS: '60' }), { realNow: referenceTime() })
  t.teardown(() => app.close())
  const call = injected(t, app)
  const targets = (await all(call, '/v2/bookings?status=scheduled,requested&limit=100')).filter((b) => b.payment_information === null).slice(0, 3)
  t.equal(targets.length, 3)
  // Another connection sees only what is committed, as a restarted server would.
  const reader = new Database(file, { readonly: true })
  t.teardown(() => reader.close())
  const statusOf = (id: string) => reader.prepare('SELECT status FROM bookings WHERE id = ?').pluck().get(id)
  const answers = await Promise.all(targets.map(async (b) => {
    const res = await call('POST', `/v2/bookings/${b.id}/cancel`, {})
    return { id: b.id as string, status: res.status, committed: statusOf(b.id) }
  }))
  for (const answer of answers) {
    t.equal(answer.status, 200)
    t.equal(answer.committed, 'canceled', `${answer.id} was committed when its 200 arrived`)
  }
})

t.test('SIGKILL during a burst of cancels: the database is intact and every 200 is there', async (t) => {
  const file = databaseFile(t)
  const env = { ONCEHUB_MOCK_DB: file, ONCEHUB_MOCK_SEED: '3', ONCEHUB_MOCK_BOOKINGS: '2000', ONCEHUB_MOCK_REFERENCE_DATE: new Date().toISOString().slice(0, 10) }
  const first = await spawnServer(t, env)
  const call = socket(t, first.url)
  const open = await all(call, '/v2/bookings?status=scheduled,requested,rescheduled&limit=100')
  const candidates = open.filter((b) => b.payment_information === null).map((b) => b.id as string)
  t.ok(candidates.length >= 100, `${candidates.length} cancelable, unpaid bookings`)
  const canceledBefore = (await all(call, '/v2/bookings?status=canceled&limit=100')).length

  // Eight loops take the next candidate until the kill, the list's end, or the deadline.
  const succeeded: string[] = []
  let next = 0
  let inFlight = 0
  let inFlightAtKill = -1
  let failures = 0
  const deadline = Date.now() + 15_000
  const loop = async () => {
    while (next < candidates.length && Date.now() < deadline) {
      const id = candidates[next++]!
      inFlight++
      try {
        const res = await fetch(`${first.url}/v2/bookings/${id}/cancel`, { method: 'POST', headers: { 'api-key': 'k', 'content-type': 'application/json' }, body: '{"cancellation_reason":"burst"}' })
        const body = await res.text()
        inFlight--
        t.strictSame(contractViolations('POST', `/v2/bookings/${id}/cancel`, { statusCode: res.status, headers: Object.fromEntries(res.headers), body }), [], `cancel ${id} (${res.status}) keeps the contract`)
        if (res.status === 200) succeeded.push(id)
        if (succeeded.length >= 40 && inFlightAtKill < 0) {
          inFlightAtKill = inFlight
          first.kill('SIGKILL')
        }
      } catch {
        inFlight--
        failures++
        return // the connection died with the server
      }
    }
  }
  await within(30_000, 'the burst ends', Promise.all(Array.from({ length: 8 }, loop)))
  t.ok(inFlightAtKill > 0, `killed with ${inFlightAtKill} requests in flight`)
  t.ok(failures > 0, `${failures} requests died with the server`)
  t.ok(succeeded.length >= 40, `${succeeded.length} cancels answered 200`)
  t.match(await within(5_000, 'SIGKILL', first.exited), { signal: 'SIGKILL' })
  t.ok(existsSync(`${file}-wal`), 'the WAL is left behind, to be recovered')

  const second = await spawnServer(t, env)
  t.ok(second.logs().some((msg) => msg.includes(': 2000 bookings, seed 3,')), 'restarted on the same 2000 bookings')
  const again = socket(t, second.url)
  for (const id of succeeded) {
    const res = await again('GET', `/v2/bookings/${id}`)
    t.match(res.json, { status: 'canceled', cancel_reschedule_information: { reason: 'burst', actioned_by: 'user' } }, `${id} is canceled`)
  }
  const canceledAfter = (await all(again, '/v2/bookings?status=canceled&limit=100')).length
  t.ok(canceledAfter >= canceledBefore + succeeded.length && canceledAfter <= canceledBefore + next, 'only the cancels sent, and every one that got a 200')
  t.equal((await all(again, '/v2/bookings?limit=100')).length, 2000, 'no booking lost or added')
  second.kill('SIGTERM')
  t.match(await within(5_000, 'SIGTERM', second.exited), { code: 0 })

  const db = new Database(file, { readonly: true })
  t.teardown(() => db.close())
  t.equal(db.pragma('integrity_check', { simple: true }), 'ok', 'PRAGMA integrity_check')
  t.equal(db.prepare('SELECT count(*) FROM bookings').pluck().get(), 2000)
  const statuses = db.prepare(`SELECT DISTINCT status FROM bookings WHERE id IN (${succeeded.map(() => '?').join(', ')})`).pluck().all(...succeeded)
  t.strictSame(statuses, ['canceled'], 'on disk too')
})

t.test('SIGTERM closes gracefully and closes the database', async (t) => {
  const file = databaseFile(t)
  const server = await spawnServer(t, { ONCEHUB_MOCK_DB: file, ONCEHUB_MOCK_SEED: '2', ONCEHUB_MOCK_BOOKINGS: '50', ONCEHUB_MOCK_REFERENCE_DATE: '2026-01-01' })
  const call = socket(t, server.url)
  const [booking] = (await call('GET', '/v2/bookings?status=completed&limit=1')).json.data
  t.equal((await call('POST', `/v2/bookings/${booking.id}/no-show`)).status, 200, 'a change, on a kept-alive connection')
  t.ok(statSync(`${file}-wal`).size > 0, 'the change is in the WAL while the server runs')
  const created = await call('POST', '/_mock/bookings', { status: 'scheduled' })
  t.equal(created.status, 201)

  // A cancel whose body is only half sent when SIGTERM arrives: it is in flight.
  const path = `/v2/bookings/${created.json.id}/cancel`
  const inFlight = request(server.url + path, { method: 'POST', agent: false, headers: { 'api-key': 'k', 'content-type': 'application/json' } })
  const answered = new Promise<{ status: number, headers: Record<string, string | string[] | undefined>, body: string }>((resolve, reject) => {
    inFlight.on('error', reject).on('response', (res) => {
      let body = ''
      res.setEncoding('utf8').on('data', (chunk: string) => { body += chunk }).on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
  })
  inFlight.write('{"cancellation_reason":')
  await sleep(300)
  const started = Date.now()
  server.kill('SIGTERM')
  for (let i = 0; i < 50 && !server.logs().includes('SIGTERM: closing'); i++) await sleep(20)
  t.ok(server.logs().includes('SIGTERM: closing'), 'logs "SIGTERM: closing"')
  await sleep(100)
  inFlight.end('"in flight"}')
  const res = await within(5_000, 'the in-flight request', answered)
  t.equal(checked(t, 'POST', path, res.status, res.headers, res.body).status, 200, 'the request in flight finishes')
  t.strictSame(await within(5_000, 'SIGTERM', server.exited), { code: 0, signal: null }, 'exits with 0')
  t.ok(Date.now() - started < 5_000)
  // The last connection to close checkpoints the WAL into the file and deletes it.
  t.notOk(existsSync(`${file}-wal`), 'the WAL is checkpointed and removed: the database was closed')
  t.notOk(existsSync(`${file}-shm`))
  const db = new Database(file, { readonly: true })
  t.teardown(() => db.close())
  t.equal(db.prepare('SELECT status FROM bookings WHERE id = ?').pluck().get(booking.id), 'no_show', 'the changes are in the main file')
  t.equal(db.prepare('SELECT status FROM bookings WHERE id = ?').pluck().get(created.json.id), 'canceled')
})

t.test('parallel actions on one booking: one success, conflicts for the rest', async (t) => {
  const app = await buildApp(testConfig(), { realNow: referenceTime() })
  t.teardown(() => app.close())
  const call = socket(t, await app.listen({ port: 0, host: '127.0.0.1' }))
  const scheduled = (await all(call, '/v2/bookings?status=scheduled&limit=100'))
    .find((b) => b.payment_information === null && b.starting_time > '2026-01-03T00:00:00Z')

  const cancels = await Promise.all(Array.from({ length: 30 }, async () => await call('POST', `/v2/bookings/${scheduled.id}/cancel`, {})))
  const won = cancels.filter((r) => r.status === 200)
  t.equal(won.length, 1, 'exactly one cancel succeeds')
  t.equal(cancels.filter((r) => r.status === 409).length, 29, 'the other 29 conflict')
  for (const res of cancels.filter((r) => r.status !== 200)) {
    t.strictSame(res.json, { type: 'invalid_request_error', message: `Booking cannot be cancelled: '${scheduled.id}'`, param: 'id' })
  }
  const after = (await call('GET', `/v2/bookings/${scheduled.id}`)).json
  t.equal(after.last_updated_time, won[0]?.json.last_updated_time, 'last_updated_time is the one the 200 answered')
  t.strictSame(after, won[0]?.json, 'the booking is exactly what the 200 answered')

  const completed = (await call('GET', '/v2/bookings?status=completed&limit=1')).json.data[0]
  const noShows = await Promise.all(Array.from({ length: 20 }, async () => await call('POST', `/v2/bookings/${completed.id}/no-show`)))
  t.equal(noShows.filter((r) => r.status === 200).length, 1, 'exactly one no-show succeeds')
  t.equal(noShows.filter((r) => r.status === 409).length, 19, 'the other 19 conflict')
  for (const res of noShows.filter((r) => r.status !== 200)) {
    t.strictSame(res.json, { type: 'invalid_request_error', message: `Cannot update booking status to no_show: '${completed.id}'`, param: 'id' })
  }
  t.equal((await call('GET', `/v2/bookings/${completed.id}`)).json.status, 'no_show')
})
