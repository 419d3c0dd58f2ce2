// The server's log, as a container collects it (stdout and stderr merged): with
// JSON logs every line is JSON, start-up's steps included, and a refused request's
// line says why.

import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { fetchChecked } from '../helpers/app.ts'
import { spawnServer } from '../helpers/spawn-server.ts'

t.setTimeout(120_000)

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

t.test('JSON logs: every line on stdout and stderr is JSON, from the first step to the last', async (t) => {
  const { url, child, stdout, stderr, exited } = await spawnServer(t, [process.execPath, join(ROOT, 'src/bin.js'), '--seed', '7', '--bookings', '300'], { cwd: ROOT })

  const refused = await fetchChecked(t, `${url}/v2/bookings?start_time.gt=2026-01-01`, { headers: { 'API-Key': 'k' } })
  t.equal(refused.statusCode, 400)
  child.kill('SIGTERM')
  t.equal(await exited, 0)

  const lines = (stdout() + stderr()).trimEnd().split('\n')
  const records = lines.map((line) => { try { return JSON.parse(line) as Record<string, unknown> } catch { return line } })
  t.same(records.filter((record) => typeof record === 'string'), [], 'no line that is not JSON')
  const messages = records.map((record) => String((record as { msg?: unknown }).msg))
  const step = (pattern: RegExp) => messages.findIndex((msg) => pattern.test(msg))
  const generated = step(/^Generated 300 bookings \(seed 7\) in \d+\.\d s$/)
  const indexed = step(/^Built the indexes of 300 bookings in \d+\.\d s$/)
  const ready = step(/^oncehub-mock on http/)
  t.ok(generated >= 0 && generated < indexed && indexed < ready, 'generating, then building the indexes, then ready: each a step of its own', { messages })
  t.match(records.find((record) => (record as { statusCode?: number }).statusCode === 400), {
    msg: /^GET \/v2\/bookings\?start_time\.gt=2026-01-01 → 400 Received unknown parameter: start_time\.gt \(\d+\.\d ms\)$/,
    error: 'Received unknown parameter: start_time.gt'
  }, 'the refused request\'s line says why')
})
