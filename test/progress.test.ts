// Start-up's progress: a bar drawn on a terminal, and a line per step (through the
// server's logger when it gives one), each with the seconds that step took.

import { spawnSync } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { progressReporter } from '../src/progress.ts'

function stream (isTTY: boolean): NodeJS.WriteStream & { written: string } {
  const fake = { isTTY, written: '', write (text: string) { fake.written += text; return true } }
  return fake as unknown as NodeJS.WriteStream & { written: string }
}

t.test('a terminal sees a bar that fills, then the summary', async (t) => {
  const out = stream(true)
  const progress = progressReporter(out, 'Generating bookings')
  for (let done = 0; done <= 100_000; done += 1000) progress.update(done, 100_000)
  progress.finish('Generated 100000 bookings')
  const frames = out.written.split('\r').filter(Boolean)
  t.equal(frames.length, 101, 'one frame per percent, never the same one twice')
  t.equal(frames[0], 'Generating bookings [                              ] 0% (0/100,000)')
  t.match(frames.at(-1), /^Generating bookings \[#{30}\] 100% \(100,000\/100,000\)\nGenerated 100000 bookings in \d+\.\d s\n$/)
})

t.test('anything else sees only the summary', async (t) => {
  const out = stream(false)
  const progress = progressReporter(out, 'Generating bookings')
  progress.update(500, 1000)
  progress.finish('Generated 1000 bookings')
  t.match(out.written, /^Generated 1000 bookings in \d+\.\d s\n$/)
})

t.test('each step is a line of its own, timed from the end of the one before, through the log given', async (t) => {
  const out = stream(true)
  const lines: string[] = []
  const progress = progressReporter(out, 'Generating bookings', { log: (line) => lines.push(line), bar: false })
  progress.update(500, 1000)
  await sleep(250)
  progress.finish('Generated 1000 bookings')
  progress.finish('Built the indexes')
  t.equal(out.written, '', 'no bar when told not to draw one, even on a terminal, and nothing on the stream')
  t.match(lines, [/^Generated 1000 bookings in 0\.[2-9] s$/, /^Built the indexes in 0\.[01] s$/], 'the second step\'s clock starts when the first ends')
})

t.test('LOG_FORMAT=pretty without pino-pretty (the Docker image) logs JSON, and says why', async (t) => {
  const logger = fileURLToPath(new URL('../src/logger.ts', import.meta.url))
  const script = `import { createLogger } from ${JSON.stringify(logger)}\ncreateLogger({ logLevel: 'info', logFormat: 'pretty' }, false).info('hello')`
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { PATH: process.env.PATH } })
  t.equal(result.status, 0, result.stderr)
  const records = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { level: number, msg: string })
  t.match(records, [{ level: 40, msg: /pino-pretty \(an optional dependency\) is not installed: logging JSON lines/ }, { level: 30, msg: 'hello' }])
})
