// Slots across DST transitions and in zones off the whole hour
// (src/scheduling/free-slots.ts with src/scheduling/time-zones.ts): working hours are
// wall-clock times, so their real length changes on a transition day, and slots keep
// their 15-minute steps of real time.

import t from 'tap'
import { freeSlots } from '../../src/scheduling/free-slots.ts'
import type { DayName } from '../../src/scheduling/types.ts'
import { WEEKDAYS, ZOOM, availability, host, hours, times } from './hosts.ts'

const slots = (zone: string, days: readonly DayName[], span: string, from: string, to: string, durationMinutes: number) =>
  freeSlots([host('USR-A', availability(zone, days, [hours(span, ZOOM)]))], { from: Date.parse(from), to: Date.parse(to), now: 0, durationMinutes })

t.test('New York springs forward: 00:00-05:00 lasts four hours, and no slot reads 02:xx', async (t) => {
  const got = slots('America/New_York', ['Sunday'], '00:00-05:00', '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z', 60)
  t.strictSame(times(got), ['05:00', '05:15', '05:30', '05:45', '06:00', '06:15', '06:30', '06:45', '07:00', '07:15', '07:30', '07:45', '08:00'])
  // 06:45Z is 01:45 EST; 07:00Z is 03:00 EDT: one step of 15 real minutes apart.
})

t.test('New York falls back: 00:00-05:00 lasts six hours, and 01:00 comes twice', async (t) => {
  const got = times(slots('America/New_York', ['Sunday'], '00:00-05:00', '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z', 60))
  t.equal(got.length, 21)
  t.equal(got[0], '04:00')
  t.equal(got.at(-1), '09:00')
  t.ok(got.includes('05:00') && got.includes('06:00'), '01:00 EDT and 01:00 EST')
})

t.test('a range the clock skips is empty that day, and whole the next week', async (t) => {
  t.strictSame(slots('America/New_York', ['Sunday'], '02:00-03:00', '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z', 30), [])
  t.strictSame(times(slots('America/New_York', ['Sunday'], '02:00-03:00', '2026-03-15T00:00:00Z', '2026-03-16T00:00:00Z', 30)), ['06:00', '06:15', '06:30'])
  t.strictSame(times(slots('America/New_York', ['Sunday'], '02:30-04:00', '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z', 60)), ['07:00'], 'a start the clock skips begins at the transition')
})

t.test('London and Sydney, on their own transition days', async (t) => {
  t.strictSame(times(slots('Europe/London', ['Sunday'], '00:00-03:00', '2026-03-29T00:00:00Z', '2026-03-30T00:00:00Z', 30)), ['00:00', '00:15', '00:30', '00:45', '01:00', '01:15', '01:30'], 'spring: two real hours')
  t.equal(slots('Europe/London', ['Sunday'], '00:00-03:00', '2026-10-24T00:00:00Z', '2026-10-26T00:00:00Z', 30).length, 15, 'autumn: four real hours, from 23:00Z the day before')
  const sydney = slots('Australia/Sydney', ['Sunday'], '09:00-10:00', '2026-09-26T00:00:00Z', '2026-10-05T00:00:00Z', 60)
  t.strictSame(sydney.map((s) => s.start_time), ['2026-09-26T23:00:00.000Z', '2026-10-03T22:00:00.000Z'], '09:00 AEST, then 09:00 AEDT')
  t.equal(slots('Australia/Sydney', ['Sunday'], '00:00-05:00', '2026-04-04T00:00:00Z', '2026-04-06T00:00:00Z', 60).length, 21, 'autumn in April: six real hours')
})

t.test('half-hour and 45-minute zones keep slots on UTC quarter hours', async (t) => {
  const monday = ['2026-06-01T00:00:00Z', '2026-06-02T00:00:00Z'] as const
  t.strictSame(times(slots('Asia/Kolkata', WEEKDAYS, '09:00-10:00', ...monday, 30)), ['03:30', '03:45', '04:00'], '+05:30')
  t.strictSame(times(slots('Asia/Kathmandu', WEEKDAYS, '09:00-10:00', ...monday, 30)), ['03:15', '03:30', '03:45'], '+05:45')
  t.strictSame(slots('Pacific/Chatham', WEEKDAYS, '09:00-10:00', '2026-05-31T00:00:00Z', '2026-06-01T00:00:00Z', 60).map((s) => s.start_time), ['2026-05-31T20:15:00.000Z'], 'Chatham (+12:45): Monday 09:00 is Sunday in UTC')
})

t.test('hosts ahead of and behind UTC get their own local days', async (t) => {
  const monday = ['2026-06-01T00:00:00Z', '2026-06-02T00:00:00Z'] as const
  t.strictSame(times(slots('Asia/Tokyo', WEEKDAYS, '09:00-17:00', ...monday, 480)), ['00:00'])
  t.strictSame(times(slots('America/Los_Angeles', WEEKDAYS, '09:00-17:00', ...monday, 480)), ['16:00'])
  t.strictSame(times(slots('America/Los_Angeles', WEEKDAYS, '09:00-24:00', ...monday, 60)).slice(-2), ['23:30', '23:45'], 'a range running past the UTC day offers starts up to `to`')
})

t.test('Santiago changes its clocks at midnight: the repeated hour ends Saturday, the skipped one starts Sunday', async (t) => {
  // 2026-04-05 00:00 -03 falls back to 2026-04-04 23:00 -04; 2026-09-06 00:00 -04 springs to 01:00 -03.
  const santiago = availability('America/Santiago', ['Saturday', 'Sunday'], [hours('22:00-24:00', ZOOM), hours('00:00-02:00', ZOOM)])
  const autumn = freeSlots([host('USR-A', santiago)], { from: Date.parse('2026-04-04T12:00:00Z'), to: Date.parse('2026-04-05T12:00:00Z'), now: 0, durationMinutes: 60 })
  t.strictSame(times(autumn), ['01:00', '01:15', '01:30', '01:45', '02:00', '02:15', '02:30', '02:45', '03:00', '04:00', '04:15', '04:30', '04:45', '05:00'], 'Saturday 22:00-24:00 lasts three hours, Sunday from 00:00 -04')
  const spring = freeSlots([host('USR-A', santiago)], { from: Date.parse('2026-09-06T00:00:00Z'), to: Date.parse('2026-09-06T12:00:00Z'), now: 0, durationMinutes: 60 })
  t.strictSame(times(spring).filter((time) => time >= '04:00'), ['04:00'], 'Sunday 00:00-02:00 lasts one hour')
})
