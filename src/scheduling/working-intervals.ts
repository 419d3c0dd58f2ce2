// A host's availability as instants: each working-hours range of each local day,
// converted from the host's wall clock to UTC in the host's zone. A date override
// replaces the weekly hours of its date, and `working_hours: []` is a day off.

import { DAY_NAMES, type AvailabilityLocation, type SchedulingAvailability, type WorkingHours } from './types.ts'
import { MINUTES_PER_DAY, parseDate, parseTime } from './calendar-dates.ts'
import { localDay, wallClockToUtc } from './time-zones.ts'

type Availability = Pick<SchedulingAvailability, 'timezone' | 'weekly' | 'overrides'>

/** One working-hours range on one day, as instants: [start, end), with its locations. */
export interface WorkingInterval {
  start: number
  end: number
  day: number
  locations: readonly AvailabilityLocation[]
}

interface Range {
  start: number
  end: number
  locations: readonly AvailabilityLocation[]
}

/** An availability read once for many days: ranges in minutes, weekdays by index, overrides by day number. */
export interface CompiledAvailability {
  zone: string
  weekly: Range[][]
  overrides: Map<number, Range[]>
}

/** Reads an availability once, so that each day's ranges cost no parsing. Stored availabilities are valid. */
export function compileAvailability (availability: Availability): CompiledAvailability {
  const weekly: Range[][] = DAY_NAMES.map(() => [])
  for (const { day, working_hours: hours } of availability.weekly) weekly[DAY_NAMES.indexOf(day)] = ranges(hours)
  const overrides = new Map<number, Range[]>()
  for (const { date, working_hours: hours } of availability.overrides) {
    const day = parseDate(date)
    if (day !== undefined) overrides.set(day, ranges(hours))
  }
  return { zone: availability.timezone, weekly, overrides }
}

function ranges (hours: readonly WorkingHours[]): Range[] {
  return hours.map(({ start_time: start, end_time: end, locations }) => ({
    start: parseTime(start) ?? 0,
    end: parseTime(end, true) ?? MINUTES_PER_DAY,
    locations
  })).sort((a, b) => a.start - b.start)
}

/** The ranges that apply on local day `day`: its override if it has one, else its weekday's. */
export function rangesOn (compiled: CompiledAvailability, day: number): readonly Range[] {
  return compiled.overrides.get(day) ?? compiled.weekly[(((day + 3) % 7) + 7) % 7] ?? []
}

/**
 * Every working interval that overlaps [from, to), whole (not cut at from or to),
 * in order of start. The local days looked at reach one past each end, since a
 * clock falling back at midnight makes local days overlap.
 */
export function workingIntervals (availability: Availability | CompiledAvailability, from: number, to: number): WorkingInterval[] {
  const compiled = 'zone' in availability ? availability : compileAvailability(availability)
  const { zone } = compiled
  const intervals: WorkingInterval[] = []
  const last = localDay(zone, to) + 1
  for (let day = localDay(zone, from) - 1; day <= last; day++) {
    for (const range of rangesOn(compiled, day)) {
      const start = wallClockToUtc(zone, day, range.start)
      const end = wallClockToUtc(zone, day, range.end)
      // A range wholly inside a skipped hour is empty.
      if (end > start && start < to && end > from) intervals.push({ start, end, day, locations: range.locations })
    }
  }
  return intervals.sort((a, b) => a.start - b.start)
}
