// The time-slots answer of a booking calendar: the start times at which at least
// one of its hosts is free, each with the locations the free hosts offer then. Its
// cost grows with the range and the hosts' bookings in it, never with the store.

import type { AvailabilityLocation, HostSchedule, SlotLocation, TimeSlot } from './types.ts'
import { DAY_MS, HOUR_MS, MINUTE_MS, formatInstant } from './calendar-dates.ts'
import { hostStarts, prepareHost, type HostStart } from './host-starts.ts'
import { unionOfLocations } from './slot-locations.ts'

/** OnceHub: "The difference between start_time and end_time must be less than or equal to 30 days." */
export const MAX_SLOT_RANGE_MS = 30 * DAY_MS

/** What to compute slots for: starts in [from, to), none before `now`, for meetings of `durationMinutes`. */
export interface SlotQuery {
  from: number
  to: number
  now: number
  durationMinutes: number
}

/**
 * The free start times of a calendar's meetings in [from, to), in order, each with
 * the union of the locations its free hosts offer at that time. Each host's `busy`
 * must hold every booking of theirs that overlaps [from, to + duration): see
 * slotsBusyWindow. Throws RangeError for a range over 30 days or a duration that
 * is not a positive number of minutes, which the request's checks refuse first.
 */
export function freeSlots (hosts: readonly HostSchedule[], query: SlotQuery): TimeSlot[] {
  const durationMs = checkQuery(query)
  // Every host's starts, hosts in ID order, sorted by time: the sort is stable, so
  // the hosts free at one time stay in ID order, and so do their locations.
  const starts = [...hosts].sort((a, b) => compareIds(a.id, b.id))
    .flatMap((host) => hostStarts(prepareHost(host), query.from, query.to, query.now, durationMs))
    .sort((a, b) => a.start - b.start)
  const unions = locationUnions()
  const slots: TimeSlot[] = []
  for (let first = 0, next = 0; first < starts.length; first = next) {
    const start = (starts[first] as HostStart).start
    while (starts[next]?.start === start) next++
    slots.push({ start_time: formatInstant(start), locations: unions(starts.slice(first, next).map((s) => s.interval.locations)) })
  }
  return slots
}

// Slots share the few distinct combinations of ranges' locations: each union is made
// once per answer and its array shared (the answer is only serialized).
function locationUnions (): (ranges: Array<readonly AvailabilityLocation[]>) => SlotLocation[] {
  const ids = new Map<readonly AvailabilityLocation[], number>()
  const made = new Map<string, SlotLocation[]>()
  return (ranges) => {
    const key = ranges.map((list) => ids.get(list) ?? ids.set(list, ids.size).size - 1).join(',')
    let union = made.get(key)
    if (union === undefined) made.set(key, union = unionOfLocations(ranges))
    return union
  }
}

/** The span whose bookings freeSlots needs, per host: every booking that overlaps [from, to + duration). */
export function slotsBusyWindow (query: Pick<SlotQuery, 'from' | 'to' | 'durationMinutes'>): { from: number, to: number } {
  return { from: query.from, to: query.to + query.durationMinutes * MINUTE_MS }
}

/**
 * The span whose bookings takeSlot needs, per host: the meeting itself, and the
 * host's whole local day around it (at most 25 hours, in a zone up to 14 hours from
 * UTC), whose bookings choose among free hosts.
 */
export function takeSlotBusyWindow (start: number, durationMinutes: number): { from: number, to: number } {
  return { from: start - 27 * HOUR_MS, to: start + durationMinutes * MINUTE_MS + 27 * HOUR_MS }
}

/** Orders IDs as plain strings, the same way on every machine (not by locale). */
export function compareIds (a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function checkQuery ({ from, to, now, durationMinutes }: SlotQuery): number {
  if (![from, to, now].every(Number.isFinite)) throw new RangeError('from, to and now must be instants')
  if (to - from > MAX_SLOT_RANGE_MS) throw new RangeError('a range of time slots spans at most 30 days')
  if (!(Number.isFinite(durationMinutes) && durationMinutes > 0)) throw new RangeError(`not a duration in minutes: ${durationMinutes}`)
  return durationMinutes * MINUTE_MS
}
