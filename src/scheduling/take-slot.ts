// The check a schedule request runs inside its transaction: is this start time a
// free slot of the calendar, with this location, and which host takes it. It asks
// the same question as the time-slots answer, for one start time.

import { errors } from '../errors.ts'
import type { AvailabilityLocation, HostSchedule, RequestedLocation, SlotLocation } from './types.ts'
import { MINUTE_MS } from './calendar-dates.ts'
import { compareIds } from './free-slots.ts'
import { hostStarts, prepareHost, type PreparedHost } from './host-starts.ts'
import { defaultLocation, matchesLocation, unionOfLocations } from './slot-locations.ts'
import { localDay, wallClockToUtc } from './time-zones.ts'

/** A meeting to place: when, how long, on the mock's clock, where (null: OnceHub picks a virtual one). */
export interface SlotRequest {
  start: number
  durationMinutes: number
  now: number
  location: RequestedLocation | null
}

/** Who takes the booking and where it is held (null: the slot offers no location). */
export interface SlotChoice {
  host: string
  location: SlotLocation | null
}

interface FreeHost {
  host: PreparedHost
  locations: readonly AvailabilityLocation[]
  offers: SlotLocation[]
}

/**
 * The host who takes a meeting at `request.start`, and its location. Throws
 * OnceHub's 400 `The selected start time is not available.` when no host can take
 * it (a time off the slot grid, outside working hours, taken, or before the clock),
 * and 400 `The selected location is not available at this start time.` when free
 * hosts offer no such location. Of the free hosts offering the location, the one
 * with the fewest bookings on that local day takes it; ties go to the lowest ID.
 * Each host's `busy` must hold their bookings in takeSlotBusyWindow. A duration
 * that is not a positive number of minutes is a RangeError, as for freeSlots.
 */
export function takeSlot (hosts: readonly HostSchedule[], request: SlotRequest): SlotChoice {
  const { start, now } = request
  if (!(Number.isFinite(request.durationMinutes) && request.durationMinutes > 0)) throw new RangeError(`not a duration in minutes: ${request.durationMinutes}`)
  if (!Number.isFinite(start) || start < now) throw errors.slotUnavailable()
  const durationMs = request.durationMinutes * MINUTE_MS
  const free: FreeHost[] = []
  for (const schedule of [...hosts].sort((a, b) => compareIds(a.id, b.id))) {
    const host = prepareHost(schedule)
    const taken = hostStarts(host, start, start + 1, now, durationMs).find((s) => s.start === start)
    if (taken !== undefined) free.push({ host, locations: taken.interval.locations, offers: unionOfLocations([taken.interval.locations]) })
  }
  if (free.length === 0) throw errors.slotUnavailable()
  const wanted = wantedLocation(free, request.location)
  const able = free.filter(({ offers }) => wanted === null || offers.some(wanted))
  if (able.length === 0) throw errors.locationUnavailable()
  const chosen = leastBusy(able, start)
  const offered = wanted === null ? null : chosen.offers.find(wanted) ?? null
  return { host: chosen.host.id, location: withGuestPhone(offered, request.location) }
}

// What the booking asks for, as a test of offered locations; null takes any host
// and no location, when no free host offers one.
function wantedLocation (free: readonly FreeHost[], asked: RequestedLocation | null): ((l: SlotLocation) => boolean) | null {
  if (asked !== null) return (l) => matchesLocation(l, asked)
  // Any host offering the type OnceHub would pick from the slot's locations.
  const fallback = defaultLocation(unionOfLocations(free.map((f) => f.locations)))
  return fallback === null ? null : (l) => l.type === fallback.type
}

function leastBusy (able: readonly FreeHost[], start: number): FreeHost {
  let best: { free: FreeHost, count: number } | undefined
  for (const free of able) {
    const zone = free.host.hours.zone
    const day = localDay(zone, start)
    const [dayStart, dayEnd] = [wallClockToUtc(zone, day, 0), wallClockToUtc(zone, day + 1, 0)]
    const count = free.host.busy.filter((b) => b.end > b.start && b.start >= dayStart && b.start < dayEnd).length
    // `able` is in ID order: a later host wins only with strictly fewer bookings.
    if (best === undefined || count < best.count) best = { free, count }
  }
  return (best as { free: FreeHost }).free
}

// A phone call is held on the number the guest gave.
function withGuestPhone (offered: SlotLocation | null, asked: RequestedLocation | null): SlotLocation | null {
  if (offered?.type !== 'guest_phone' || asked?.type !== 'guest_phone') return offered
  return { type: 'guest_phone', value: asked.value, id: null }
}
