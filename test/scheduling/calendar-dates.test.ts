// Dates, times of day and instants as text (src/scheduling/calendar-dates.ts).

import t from 'tap'
import { dayName, formatDate, formatInstant, formatTime, parseDate, parseTime } from '../../src/scheduling/calendar-dates.ts'

t.test('dates: real ones only, with their weekday', async (t) => {
  t.equal(parseDate('1970-01-01'), 0)
  t.equal(formatDate(parseDate('2026-02-28') ?? 0), '2026-02-28')
  t.equal(formatDate(parseDate('0001-01-01') ?? 0), '0001-01-01', 'years below 100 are not 19xx')
  t.equal(parseDate('2028-02-29'), parseDate('2028-03-01')! - 1, 'a leap day')
  for (const bad of ['2026-02-29', '2026-02-30', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '2026-1-01', '26-01-01', '2026-01-01T00:00:00Z', '']) t.equal(parseDate(bad), undefined, bad)
  t.strictSame(['2026-06-01', '2026-06-06', '2026-06-07', '1970-01-01', '1969-12-31'].map((d) => dayName(parseDate(d) ?? 0)), ['Monday', 'Saturday', 'Sunday', 'Thursday', 'Wednesday'])
})

t.test('times of day: HH:MM, 24:00 only as an end', async (t) => {
  t.strictSame(['00:00', '09:05', '23:59'].map((time) => parseTime(time)), [0, 545, 1439])
  t.equal(parseTime('24:00'), undefined)
  t.equal(parseTime('24:00', true), 1440)
  for (const bad of ['24:15', '25:00', '09:60', '9:00', '09:00:00', '0900', ' 09:00', '']) t.equal(parseTime(bad, true), undefined, bad)
  t.strictSame([0, 545, 1440].map(formatTime), ['00:00', '09:05', '24:00'])
})

t.test('instants are written as toISOString writes them', async (t) => {
  let seed = 7
  const wrong: string[] = []
  for (let i = 0; i < 20_000; i++) {
    seed = (seed * 48271) % 2147483647
    // Any instant Date can hold, and the whole minute it falls in (slots start on those).
    const ms = Math.floor((seed / 2147483647 - 0.5) * 2 * 8.64e15)
    for (const instant of [ms, ms - (((ms % 60_000) + 60_000) % 60_000)]) {
      if (formatInstant(instant) !== new Date(instant).toISOString()) wrong.push(`${instant}`)
    }
  }
  t.strictSame(wrong, [])
  t.equal(formatInstant(Date.parse('2024-12-02T06:30:00Z')), '2024-12-02T06:30:00.000Z', 'OnceHub\'s example')
  t.equal(formatInstant(Date.parse('2026-06-01T23:59:59.999Z')), '2026-06-01T23:59:59.999Z')
})
