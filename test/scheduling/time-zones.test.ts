// Time zones (src/scheduling/time-zones.ts): how a local
// wall-clock time becomes an instant across DST transitions, in zones an hour, half
// an hour and 45 minutes off, north and south of the equator.

import t from 'tap'
import { parseDate } from '../../src/scheduling/calendar-dates.ts'
import { localDay, utcToWallClock, wallClockToUtc, zoneOffset } from '../../src/scheduling/time-zones.ts'

const day = (date: string): number => parseDate(date) ?? Number.NaN
const minutes = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3))
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z')

interface Case { zone: string, date: string, time: string, utc: string, why: string }

const CASES: Case[] = [
  // America/New_York springs forward 2026-03-08 02:00 EST → 03:00 EDT (07:00Z), falls back 2026-11-01 02:00 EDT → 01:00 EST (06:00Z).
  { zone: 'America/New_York', date: '2026-03-08', time: '01:45', utc: '2026-03-08T06:45:00Z', why: 'before the gap' },
  { zone: 'America/New_York', date: '2026-03-08', time: '02:00', utc: '2026-03-08T07:00:00Z', why: 'skipped: the transition' },
  { zone: 'America/New_York', date: '2026-03-08', time: '02:30', utc: '2026-03-08T07:00:00Z', why: 'skipped: the transition' },
  { zone: 'America/New_York', date: '2026-03-08', time: '03:00', utc: '2026-03-08T07:00:00Z', why: 'the first time after the gap' },
  { zone: 'America/New_York', date: '2026-03-08', time: '03:15', utc: '2026-03-08T07:15:00Z', why: 'after the gap' },
  { zone: 'America/New_York', date: '2026-11-01', time: '00:30', utc: '2026-11-01T04:30:00Z', why: 'before the repeat' },
  { zone: 'America/New_York', date: '2026-11-01', time: '01:00', utc: '2026-11-01T05:00:00Z', why: 'repeated: the first, in EDT' },
  { zone: 'America/New_York', date: '2026-11-01', time: '01:30', utc: '2026-11-01T05:30:00Z', why: 'repeated: the first, in EDT' },
  { zone: 'America/New_York', date: '2026-11-01', time: '02:00', utc: '2026-11-01T07:00:00Z', why: 'after the repeat, in EST' },
  { zone: 'America/New_York', date: '2026-11-01', time: '24:00', utc: '2026-11-02T05:00:00Z', why: 'the end of the day' },
  { zone: 'America/New_York', date: '2026-07-01', time: '09:00', utc: '2026-07-01T13:00:00Z', why: 'summer' },
  { zone: 'America/New_York', date: '2026-01-15', time: '09:00', utc: '2026-01-15T14:00:00Z', why: 'winter' },
  // Europe/London: 2026-03-29 01:00 GMT → 02:00 BST; 2026-10-25 02:00 BST → 01:00 GMT.
  { zone: 'Europe/London', date: '2026-03-29', time: '00:30', utc: '2026-03-29T00:30:00Z', why: 'before the gap' },
  { zone: 'Europe/London', date: '2026-03-29', time: '01:30', utc: '2026-03-29T01:00:00Z', why: 'skipped: the transition' },
  { zone: 'Europe/London', date: '2026-03-29', time: '02:30', utc: '2026-03-29T01:30:00Z', why: 'after the gap' },
  { zone: 'Europe/London', date: '2026-10-25', time: '00:30', utc: '2026-10-24T23:30:00Z', why: 'before the repeat' },
  { zone: 'Europe/London', date: '2026-10-25', time: '01:30', utc: '2026-10-25T00:30:00Z', why: 'repeated: the first, in BST' },
  { zone: 'Europe/London', date: '2026-10-25', time: '02:00', utc: '2026-10-25T02:00:00Z', why: 'after the repeat' },
  // Australia/Sydney: 2026-04-05 03:00 AEDT → 02:00 AEST; 2026-10-04 02:00 AEST → 03:00 AEDT.
  { zone: 'Australia/Sydney', date: '2026-04-05', time: '02:00', utc: '2026-04-04T15:00:00Z', why: 'repeated: the first, in AEDT' },
  { zone: 'Australia/Sydney', date: '2026-04-05', time: '02:30', utc: '2026-04-04T15:30:00Z', why: 'repeated: the first, in AEDT' },
  { zone: 'Australia/Sydney', date: '2026-04-05', time: '03:00', utc: '2026-04-04T17:00:00Z', why: 'after the repeat, in AEST' },
  { zone: 'Australia/Sydney', date: '2026-10-04', time: '02:45', utc: '2026-10-03T16:00:00Z', why: 'skipped: the transition' },
  { zone: 'Australia/Sydney', date: '2026-10-04', time: '09:00', utc: '2026-10-03T22:00:00Z', why: 'after the gap, in AEDT' },
  // Half-hour and 45-minute zones, and Lord Howe's half-hour DST (2026-10-04 02:00 → 02:30).
  { zone: 'Asia/Kolkata', date: '2026-03-08', time: '09:00', utc: '2026-03-08T03:30:00Z', why: '+05:30' },
  { zone: 'Asia/Kolkata', date: '2026-03-08', time: '00:00', utc: '2026-03-07T18:30:00Z', why: 'midnight, the day before in UTC' },
  { zone: 'Asia/Kathmandu', date: '2026-03-08', time: '09:00', utc: '2026-03-08T03:15:00Z', why: '+05:45' },
  { zone: 'Australia/Lord_Howe', date: '2026-10-04', time: '02:15', utc: '2026-10-03T15:30:00Z', why: 'skipped half hour: the transition' },
  { zone: 'Australia/Lord_Howe', date: '2026-10-04', time: '02:30', utc: '2026-10-03T15:30:00Z', why: 'the first time after the gap' },
  { zone: 'Australia/Lord_Howe', date: '2026-10-04', time: '03:00', utc: '2026-10-03T16:00:00Z', why: '+11 after it' },
  { zone: 'UTC', date: '2026-03-08', time: '09:00', utc: '2026-03-08T09:00:00Z', why: 'no offset' }
]

t.test('wall-clock times become instants; skipped times the transition, repeated times the first', async (t) => {
  for (const { zone, date, time, utc, why } of CASES) {
    t.equal(iso(wallClockToUtc(zone, day(date), minutes(time))), utc, `${zone} ${date} ${time}: ${why}`)
  }
})

t.test('instants read back as the wall clock, both occurrences of a repeated time included', async (t) => {
  t.strictSame(utcToWallClock('America/New_York', Date.parse('2026-11-01T05:30:00Z')), { day: day('2026-11-01'), minutes: 90 }, 'first 01:30')
  t.strictSame(utcToWallClock('America/New_York', Date.parse('2026-11-01T06:30:00Z')), { day: day('2026-11-01'), minutes: 90 }, 'second 01:30')
  t.strictSame(utcToWallClock('Asia/Kolkata', Date.parse('2026-03-07T18:30:00Z')), { day: day('2026-03-08'), minutes: 0 }, 'Kolkata midnight')
  t.equal(localDay('Pacific/Chatham', Date.parse('2026-01-01T11:15:00Z')), day('2026-01-02'), 'Chatham (+13:45) is a day ahead')
  t.equal(zoneOffset('Asia/Kathmandu', Date.now()), (5 * 60 + 45) * 60_000)
  t.equal(zoneOffset('America/New_York', Date.parse('2026-07-01T00:00:00Z')), -4 * 3_600_000)
  t.throws(() => zoneOffset('Mars/Olympus', 0), RangeError)
})

// A reference with no shortcut: step through instants and take the first whose wall
// clock reads the time or later. Transitions fall on quarter hours in these zones.
function firstInstantReading (zone: string, localDayNumber: number, time: number): number {
  const local = localDayNumber * 86_400_000 + time * 60_000
  for (let t = local - 15 * 3_600_000; ; t += 15 * 60_000) {
    if (t + zoneOffset(zone, t) >= local) return t
  }
}

t.test('every quarter hour of the days around transitions matches the first instant reading it', async (t) => {
  const days = [
    ['America/New_York', '2026-03-07', '2026-03-08', '2026-03-09', '2026-11-01'],
    ['Europe/London', '2026-03-29', '2026-10-25'],
    ['Australia/Sydney', '2026-04-05', '2026-10-04'],
    ['Australia/Lord_Howe', '2026-04-05', '2026-10-04'],
    ['America/Santiago', '2026-04-05', '2026-09-06'],
    ['Asia/Kolkata', '2026-03-08']
  ] as const
  for (const [zone, ...dates] of days) {
    for (const date of dates) {
      const wrong: string[] = []
      for (let time = 0; time <= 1440; time += 15) {
        const got = wallClockToUtc(zone, day(date), time)
        if (got !== firstInstantReading(zone, day(date), time)) wrong.push(`${time}: ${iso(got)}`)
      }
      t.strictSame(wrong, [], `${zone} ${date}`)
    }
  }
})
