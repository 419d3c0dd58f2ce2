// Seeded working hours (src/scheduling/seed-availability.ts): the same draws give the
// same hours, every result is one a PATCH would accept, and the placement helpers
// agree with the slot computation.

import t from 'tap'
import { patchAvailability } from '../../src/scheduling/availability-patch.ts'
import { parseTime } from '../../src/scheduling/calendar-dates.ts'
import { HoursPlacer } from '../../src/dataset/availability.ts'
import { emptyAvailability, seedAvailability } from '../../src/scheduling/seed-availability.ts'
import { OFFICE, WEEKDAYS, ZOOM, availability, hours, meetingFitsAvailability } from './hosts.ts'

// A small seeded PRNG (mulberry32), standing in for the generator's Faker.
function prng (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const ZONES = ['America/New_York', 'Europe/London', 'Asia/Kolkata', 'Australia/Sydney', 'America/Los_Angeles', 'Asia/Tokyo']
const TODAY = '2026-06-01'
const NOW = Date.parse('2026-06-01T12:00:00Z')
const draw = (seed: number) => seedAvailability({ timezone: ZONES[seed % ZONES.length] as string, random: prng(seed), address: seed % 2 === 0 ? { id: OFFICE.id as string, value: OFFICE.value as string } : undefined, today: TODAY })

t.test('the same draws give the same hours; different seeds, different hours', async (t) => {
  t.strictSame(draw(7), draw(7))
  const distinct = new Set(Array.from({ length: 50 }, (_, seed) => JSON.stringify(draw(seed).weekly)))
  t.ok(distinct.size > 25, `${distinct.size} different weeks of 50`)
})

t.test('every seeded availability is one a PATCH accepts, and plausible', async (t) => {
  const problems: string[] = []
  let overrides = 0
  const officeRanges = { given: 0, notGiven: 0 }
  for (let seed = 0; seed < 300; seed++) {
    const seeded = draw(seed)
    const accepted = patchAvailability(emptyAvailability(seeded.timezone), { weekly: seeded.weekly, overrides: seeded.overrides }, NOW)
    if (JSON.stringify(accepted) !== JSON.stringify(seeded)) problems.push(`${seed}: changed by a PATCH`)
    if (seeded.weekly.length < 4 || seeded.weekly.length > 5) problems.push(`${seed}: ${seeded.weekly.length} days`)
    for (const day of seeded.weekly) {
      const minutes = day.working_hours.reduce((sum, r) => sum + (parseTime(r.end_time, true) ?? 0) - (parseTime(r.start_time) ?? 0), 0)
      const first = parseTime(day.working_hours[0]?.start_time ?? '') ?? -1
      if (minutes < 5 * 60 || minutes > 9 * 60 || first < 7 * 60 + 30 || first > 10 * 60) problems.push(`${seed} ${day.day}: ${minutes} minutes from ${first}`)
      for (const range of day.working_hours) {
        if (!range.locations.some((l) => l.type.startsWith('online_'))) problems.push(`${seed} ${day.day}: no video link`)
        if (range.locations.some((l) => l.type === 'in_person_by_host')) officeRanges[seed % 2 === 0 ? 'given' : 'notGiven']++
      }
    }
    overrides += seeded.overrides.length
  }
  t.strictSame(problems, [])
  t.ok(overrides > 0 && overrides < 300, `some users take a day off (${overrides})`)
  t.ok(officeRanges.given > 0, 'users given an office meet there on some days')
  t.equal(officeRanges.notGiven, 0, 'and no one else')
})

t.test('a meeting fits when it lies wholly inside one range of the day', async (t) => {
  const hoursOf = availability('America/New_York', WEEKDAYS, [hours('09:00-12:00', ZOOM), hours('13:00-17:00', ZOOM)], [{ date: '2026-06-03', day: 'Wednesday', working_hours: [] }])
  const fits = (start: string, minutes: number) => meetingFitsAvailability(hoursOf, Date.parse(start), minutes)
  t.ok(fits('2026-06-01T13:00:00Z', 60), 'Monday 09:00')
  t.ok(fits('2026-06-01T20:00:00Z', 60), 'Monday 16:00, ending with the day')
  t.notOk(fits('2026-06-01T20:15:00Z', 60), 'ending after it')
  t.notOk(fits('2026-06-01T15:30:00Z', 60), 'across lunch')
  t.notOk(fits('2026-06-03T14:00:00Z', 30), 'on a day off')
  t.notOk(fits('2026-06-06T14:00:00Z', 30), 'on a Saturday')
  t.ok(fits('2026-06-01T13:10:00Z', 20), 'off the slot grid, still inside')
})

t.test('the generator\'s placer fits a meeting at the slot-grid starts where meetingFitsAvailability holds', async (t) => {
  const seeded = draw(3)
  const placer = new HoursPlacer([{ user_id: 'USR-A', timezone: seeded.timezone, weekly: seeded.weekly, overrides: seeded.overrides }])
  const from = Date.parse('2026-06-01T00:00:00Z')
  const to = from + 14 * 86_400_000
  let fitting = 0
  const wrong: number[] = []
  for (let start = from; start < to; start += 15 * 60_000) {
    const fits = placer.fits('USR-A', start, 45)
    if (fits) fitting++
    if (fits !== meetingFitsAvailability(seeded, start, 45)) wrong.push(start)
  }
  t.ok(fitting > 100, `${fitting} starts in two weeks`)
  t.strictSame(wrong.map((ms) => new Date(ms).toISOString()), [])
})
