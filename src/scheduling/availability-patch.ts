// PATCH /v2/users/{id}/scheduling-availability: a body checked with OnceHub's
// messages and merged into the stored availability as OnceHub documents it: "Any
// day provided will have its schedule completely overwritten", likewise any date
// of `overrides`, and an override whose `working_hours` is null is deleted. Days
// and dates the body does not name are kept.

import { errors } from '../errors.ts'
import { DAY_NAMES, type DateOverride, type DayName, type SchedulingAvailability, type WeeklyHours } from './types.ts'
import { arrayOf, checkKeys, isObject, objectOf, required } from './body-shape.ts'
import { dayName, formatDate, parseDate } from './calendar-dates.ts'
import { readWorkingHours } from './availability-hours.ts'
import { localDay } from './time-zones.ts'

/**
 * The availability after a PATCH of `body`, on the mock's clock `now` (a date is
 * past when it is before today in the user's zone). Throws the first error found,
 * in the body's order: `weekly` before `overrides`, each item's fields in turn.
 */
export function patchAvailability (current: SchedulingAvailability, body: unknown, now: number): SchedulingAvailability {
  if (!isObject(body)) throw errors.bodyNotObject()
  checkKeys(body, ['weekly', 'overrides'])
  const today = localDay(current.timezone, now)
  const weekly = new Map(current.weekly.map((day) => [day.day, day]))
  if ('weekly' in body) for (const day of readWeekly(body.weekly)) weekly.set(day.day, day)
  const overrides = new Map(current.overrides.map((override) => [override.date, override]))
  if ('overrides' in body) {
    for (const [date, override] of readOverrides(body.overrides, today)) {
      if (override === null) overrides.delete(date)
      else overrides.set(date, override)
    }
  }
  return withoutPastOverrides({
    object: 'schedule',
    timezone: current.timezone,
    weekly: DAY_NAMES.flatMap((name) => weekly.get(name) ?? []),
    overrides: [...overrides.values()]
  }, now)
}

/**
 * An availability as GET shows it at `now`: overrides of dates before today in the
 * user's zone are dropped (they can never apply again, and a client sending the
 * answer back would be refused them), the rest in date order.
 */
export function withoutPastOverrides (availability: SchedulingAvailability, now: number): SchedulingAvailability {
  const today = formatDate(localDay(availability.timezone, now))
  const overrides = availability.overrides.filter(({ date }) => date >= today).sort((a, b) => a.date < b.date ? -1 : 1)
  return { ...availability, overrides }
}

function readWeekly (value: unknown): WeeklyHours[] {
  const days: WeeklyHours[] = []
  for (const item of arrayOf(value, 'weekly')) {
    const entry = objectOf(item, 'weekly', ['day', 'working_hours'])
    const day = required(entry, 'day', 'weekly.day')
    if (typeof day !== 'string' || !(DAY_NAMES as readonly string[]).includes(day)) throw errors.invalidDayName(String(day))
    if (days.some((d) => d.day === day)) throw errors.duplicateDayOrDate(day, 'weekly')
    // OnceHub: "This field cannot be null"; [] clears the day.
    const hours = readWorkingHours(required(entry, 'working_hours', 'weekly.working_hours'), 'weekly.working_hours')
    days.push({ day: day as DayName, working_hours: hours })
  }
  return days
}

function readOverrides (value: unknown, today: number): Map<string, DateOverride | null> {
  const overrides = new Map<string, DateOverride | null>()
  for (const item of arrayOf(value, 'overrides')) {
    const entry = objectOf(item, 'overrides', ['date', 'day', 'working_hours'])
    const date = required(entry, 'date', 'overrides.date')
    const day = typeof date === 'string' ? parseDate(date) : undefined
    if (day === undefined) throw errors.invalidDateFormat('overrides.date')
    const text = date as string
    if (overrides.has(text)) throw errors.duplicateDayOrDate(text, 'overrides')
    if (day < today) throw errors.dateInPast(text)
    // `day` is what GET shows beside the date: accepted back when it is that date's.
    if (entry.day !== undefined && entry.day !== dayName(day)) {
      throw errors.overrideDayMismatch(String(entry.day), text, dayName(day))
    }
    const hours = required(entry, 'working_hours', 'overrides.working_hours')
    overrides.set(text, hours === null ? null : { date: text, day: dayName(day), working_hours: readWorkingHours(hours, 'overrides.working_hours') })
  }
  return overrides
}
