// The range of GET /v2/booking-calendars/{id}/time-slots, as OnceHub documents it:
// `start_time` defaults to now, `end_time` to one week after `start_time`, the end
// must come after the start, and the two may be at most 30 days apart.

import { errors } from '../errors.ts'
import { instantParam, LAST_INSTANT } from '../time.ts'
import { DAY_MS } from './calendar-dates.ts'
import { MAX_SLOT_RANGE_MS } from './free-slots.ts'

/** OnceHub: without `end_time`, slots are looked for up to "one week from `start_time`". */
export const DEFAULT_SLOT_RANGE_MS = 7 * DAY_MS

/** The query parameters of the time-slots request; OnceHub's default for each is "". */
export interface SlotRangeQuery {
  start_time?: string
  end_time?: string
}

/**
 * The instants [from, to) to look for slots in, on the mock's clock `now`. Times are
 * RFC 3339 date-times (`2024-11-29T09:30:00.000Z`, as OnceHub writes them; an offset
 * is read too). A start in the past is kept: no slot starts before `now` anyway.
 */
export function slotRange (query: SlotRangeQuery, now: number): { from: number, to: number } {
  const from = optionalInstant('start_time', query.start_time) ?? now
  const to = optionalInstant('end_time', query.end_time) ?? Math.min(from + DEFAULT_SLOT_RANGE_MS, LAST_INSTANT + 1)
  if (to <= from) throw errors.slotsEndBeforeStart()
  if (to - from > MAX_SLOT_RANGE_MS) throw errors.slotRangeTooLong()
  return { from, to }
}

// Absent or "" (OnceHub's default): not given.
function optionalInstant (name: string, value: string | undefined): number | undefined {
  return value === undefined || value === '' ? undefined : instantParam(name, value)
}
