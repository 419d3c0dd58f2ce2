// Plausible working hours for a seeded user, in the user's own zone, drawn from a
// random source the dataset generator seeds, so one seed always gives the same
// hours (src/dataset/availability.ts places seeded bookings inside them).

import { DAY_NAMES, VIDEO_PROVIDERS, type AvailabilityLocation, type DayName, type SchedulingAvailability, type WeeklyHours } from './types.ts'
import { dayName, formatDate, formatTime, parseDate } from './calendar-dates.ts'

/** What a seeded availability is drawn from. */
export interface SeedAvailabilityOptions {
  timezone: string
  /** Uniform in [0, 1): a seeded PRNG, such as `() => faker.number.float()`. */
  random: () => number
  /** An office the user meets guests at on some days: its `ADD-…` ID and its address. */
  address?: { id: string, value: string }
  /** `YYYY-MM-DD`, the dataset's reference date: with it, a user may take a day off in the next four weeks. */
  today?: string
}

const WEEKS: ReadonlyArray<readonly DayName[]> = [
  ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
  ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
  ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
  ['Monday', 'Tuesday', 'Wednesday', 'Thursday'],
  ['Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
]
const STARTS = [7 * 60 + 30, 8 * 60, 8 * 60 + 30, 9 * 60, 9 * 60, 9 * 60, 9 * 60 + 30, 10 * 60]

/** An empty availability: no working hours, no overrides (a user nobody has set up). */
export function emptyAvailability (timezone: string): SchedulingAvailability {
  return { object: 'schedule', timezone, weekly: [], overrides: [] }
}

/**
 * Working hours a real user might keep: four to five days a week, starting 07:30 to
 * 10:00 local, about eight hours, often with a lunch break, sometimes a short
 * Friday; a video link on every range, a phone option for some, the office on two
 * days when given one; and perhaps one day off. Valid as a PATCH would require.
 */
export function seedAvailability (options: SeedAvailabilityOptions): SchedulingAvailability {
  const { random } = options
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const days = pick(WEEKS)
  const start = pick(STARTS)
  const end = start + pick([8, 8, 8.5, 9]) * 60
  const lunch = random() < 0.6 ? { at: Math.max(start + 180, 12 * 60), minutes: pick([30, 60]) } : null
  const shortFriday = random() < 0.3
  const online: AvailabilityLocation = random() < 0.2
    ? { type: 'online_static_link', value: `https://meet.example.com/${Math.floor(random() * 36 ** 6).toString(36)}`, id: null }
    : { type: 'online_dynamic_link', value: pick(VIDEO_PROVIDERS), id: null }
  const phone = random() < 0.3
  const officeDays = options.address === undefined ? [] : [pick(days), pick(days)]
  const weekly: WeeklyHours[] = DAY_NAMES.filter((day) => days.includes(day)).map((day) => {
    const locations: AvailabilityLocation[] = [online]
    if (officeDays.includes(day) && options.address !== undefined) locations.push({ type: 'in_person_by_host', value: options.address.value, id: options.address.id })
    if (phone) locations.push({ type: 'phone_by_guest', value: '', id: null })
    const dayEnd = day === 'Friday' && shortFriday ? end - 120 : end
    const ranges = lunch === null || lunch.at + lunch.minutes >= dayEnd
      ? [[start, dayEnd]]
      : [[start, lunch.at], [lunch.at + lunch.minutes, dayEnd]]
    return { day, working_hours: ranges.map(([from, to]) => ({ start_time: formatTime(from as number), end_time: formatTime(to as number), locations: locations.map((l) => ({ ...l })) })) }
  })
  return { object: 'schedule', timezone: options.timezone, weekly, overrides: dayOff(options, days) }
}

function dayOff ({ random, today }: SeedAvailabilityOptions, days: readonly DayName[]): SchedulingAvailability['overrides'] {
  const first = today === undefined ? undefined : parseDate(today)
  if (first === undefined || random() >= 0.3) return []
  const day = first + 1 + Math.floor(random() * 28)
  return days.includes(dayName(day)) ? [{ date: formatDate(day), day: dayName(day), working_hours: [] }] : []
}
