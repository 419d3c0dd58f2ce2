// The time-slots request's range (src/scheduling/slot-range.ts): OnceHub's defaults
// (now, and a week after the start), its order rule and its 30-day bound.

import t from 'tap'
import { slotRange } from '../../src/scheduling/slot-range.ts'
import { documented, refusal, refusalOf } from './documented-errors.ts'

const NOW = Date.parse('2026-06-01T10:07:31.250Z')
const WEEK = 7 * 86_400_000
const REVERSED = documented('get-available-time-slots-for-booking-calendar', 400, 'End time must be after the start time.')
const TOO_LONG = refusal(400, 'The difference between start_time and end_time must be less than or equal to 30 days.', 'end_time')
const notDateTime = (name: string, value: string) =>
  refusal(400, `Invalid ${name}: '${value}' is not an RFC 3339 date-time such as 2026-01-31T09:00:00Z, in years 0000 to 9999.`, name)

t.test('defaults: from now, for a week after the start', async (t) => {
  t.strictSame(slotRange({}, NOW), { from: NOW, to: NOW + WEEK })
  t.strictSame(slotRange({ start_time: '', end_time: '' }, NOW), { from: NOW, to: NOW + WEEK }, 'OnceHub\'s default is ""')
  const start = Date.parse('2026-06-10T00:00:00Z')
  t.strictSame(slotRange({ start_time: '2026-06-10T00:00:00.000Z' }, NOW), { from: start, to: start + WEEK }, 'a week after a given start')
  t.strictSame(slotRange({ end_time: '2026-06-02T00:00:00Z' }, NOW), { from: NOW, to: Date.parse('2026-06-02T00:00:00Z') }, 'from now to a given end')
})

t.test('times as OnceHub writes them, or with an offset; a start in the past is kept', async (t) => {
  t.strictSame(slotRange({ start_time: '2024-11-29T09:30:00.000Z', end_time: '2024-11-30T09:30:00.000Z' }, NOW), { from: Date.parse('2024-11-29T09:30:00Z'), to: Date.parse('2024-11-30T09:30:00Z') })
  t.strictSame(slotRange({ start_time: '2026-06-01T09:00:00+02:00', end_time: '2026-06-01T09:00:00-02:00' }, NOW), { from: Date.parse('2026-06-01T07:00:00Z'), to: Date.parse('2026-06-01T11:00:00Z') })
})

t.test('the end must come after the start, at most 30 days later', async (t) => {
  t.strictSame(refusalOf(() => slotRange({ start_time: '2026-06-02T00:00:00Z', end_time: '2026-06-01T00:00:00Z' }, NOW)), REVERSED, 'reversed')
  t.strictSame(refusalOf(() => slotRange({ start_time: '2026-06-02T00:00:00Z', end_time: '2026-06-02T00:00:00Z' }, NOW)), REVERSED, 'equal')
  t.strictSame(refusalOf(() => slotRange({ end_time: '2026-06-01T10:00:00Z' }, NOW)), REVERSED, 'an end before now, without a start')
  t.strictSame(slotRange({ start_time: '2026-06-01T00:00:00Z', end_time: '2026-07-01T00:00:00Z' }, NOW).to, Date.parse('2026-07-01T00:00:00Z'), '30 days exactly')
  t.strictSame(refusalOf(() => slotRange({ start_time: '2026-06-01T00:00:00Z', end_time: '2026-07-01T00:00:01Z' }, NOW)), TOO_LONG, '30 days and a second')
  t.strictSame(refusalOf(() => slotRange({ end_time: '2026-08-01T00:00:00Z' }, NOW)), TOO_LONG, 'from now')
})

t.test('malformed times are refused, naming the parameter', async (t) => {
  for (const value of ['tomorrow', '2026-06-01', '2026-06-01T09:00:00', '2026-02-30T09:00:00Z', '1780000000']) {
    t.strictSame(refusalOf(() => slotRange({ start_time: value }, NOW)), notDateTime('start_time', value), `start_time ${value}`)
    t.strictSame(refusalOf(() => slotRange({ end_time: value }, NOW)), notDateTime('end_time', value), `end_time ${value}`)
  }
  t.strictSame(refusalOf(() => slotRange({ start_time: 'x', end_time: 'y' }, NOW)), notDateTime('start_time', 'x'), 'start_time first')
})
