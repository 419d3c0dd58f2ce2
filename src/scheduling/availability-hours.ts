// One day's `working_hours` in a PATCH of scheduling availability: `HH:MM` ranges
// on 15-minute steps, each ending after it starts, none overlapping another.
// OnceHub documents the texts of the 15-minute rule and of overlaps.

import { errors } from '../errors.ts'
import type { WorkingHours } from './types.ts'
import { arrayOf, objectOf, required } from './body-shape.ts'
import { parseTime } from './calendar-dates.ts'
import { readLocations } from './availability-locations.ts'

/**
 * The ranges of a day at `param` (`weekly.working_hours` or
 * `overrides.working_hours`), checked, in order of start. `24:00` may end a range
 * (the day's end); ranges that only touch (09:00-12:00, 12:00-17:00) do not overlap.
 */
export function readWorkingHours (value: unknown, param: string): WorkingHours[] {
  const hours = arrayOf(value, param).map((item) => readRange(item, param))
  const minutes = hours.map((range) => ({ range, start: parseTime(range.start_time) ?? 0, end: parseTime(range.end_time, true) ?? 0 }))
  minutes.sort((a, b) => a.start - b.start)
  for (let i = 1; i < minutes.length; i++) {
    const before = minutes[i - 1]
    const after = minutes[i]
    // OnceHub names one range of the pair: the mock names the earlier.
    if (before !== undefined && after !== undefined && after.start < before.end) {
      throw errors.availabilityOverlap(`${before.range.start_time}-${before.range.end_time}`, param)
    }
  }
  return minutes.map(({ range }) => range)
}

function readRange (item: unknown, param: string): WorkingHours {
  const range = objectOf(item, param, ['start_time', 'end_time', 'locations'])
  const startText = required(range, 'start_time', `${param}.start_time`)
  const endText = required(range, 'end_time', `${param}.end_time`)
  const locations = required(range, 'locations', `${param}.locations`)
  const start = typeof startText === 'string' ? parseTime(startText) : undefined
  if (start === undefined) throw errors.invalidTimeFormat(`${param}.start_time`)
  const end = typeof endText === 'string' ? parseTime(endText, true) : undefined
  if (end === undefined) throw errors.invalidTimeFormat(`${param}.end_time`)
  const [startTime, endTime] = [startText as string, endText as string]
  if (start % 15 !== 0) throw errors.startNotQuarterHour(startTime, `${param}.start_time`)
  if (end % 15 !== 0) throw errors.endNotQuarterHour(endTime, `${param}.end_time`)
  if (end <= start) throw errors.endNotAfterStart(`${startTime}-${endTime}`, `${param}.end_time`)
  return { start_time: startTime, end_time: endTime, locations: readLocations(locations, `${param}.locations`) }
}
