// The progress bar: drawn on a terminal, silent elsewhere but for the summary.

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
