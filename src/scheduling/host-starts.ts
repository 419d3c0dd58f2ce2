// The start times one host can take: on the slot grid of a working interval, the
// whole meeting inside that interval, clear of every booking of the host, and not
// before the clock. Both the time-slots answer and the schedule request's check are
// built on this, so what one offers the other accepts.

import type { BusyInterval, HostSchedule } from './types.ts'
import { MINUTE_MS } from './calendar-dates.ts'
import { compileAvailability, workingIntervals, type CompiledAvailability, type WorkingInterval } from './working-intervals.ts'

/** Slots start every 15 minutes from the start of a working-hours range (docs/where-the-mock-decides.md). */
export const SLOT_STEP_MS = 15 * MINUTE_MS

/** A start time one host can take, and the working interval it lies in. */
export interface HostStart {
  start: number
  interval: WorkingInterval
}

/** A host read once for one computation: its hours compiled, its bookings indexed. */
export interface PreparedHost {
  id: string
  hours: CompiledAvailability
  overlapsBooking: (start: number, end: number) => boolean
  busy: readonly BusyInterval[]
}

/** Reads a host's availability and bookings once. */
export function prepareHost (host: HostSchedule): PreparedHost {
  return { id: host.id, hours: compileAvailability(host.availability), overlapsBooking: overlapTest(host.busy), busy: host.busy }
}

/**
 * A test of whether [start, end) overlaps any of `busy`, in O(log n): bookings sorted
 * by start, with the latest end among each prefix. A meeting ending exactly when
 * another starts does not overlap it.
 */
export function overlapTest (busy: readonly BusyInterval[]): (start: number, end: number) => boolean {
  const sorted = busy.filter((b) => b.end > b.start).sort((a, b) => a.start - b.start)
  const starts = sorted.map((b) => b.start)
  const latestEnd: number[] = []
  let latest = -Infinity
  for (const b of sorted) latestEnd.push(latest = Math.max(latest, b.end))
  return (start, end) => {
    // How many bookings start before `end`; one of them overlaps if any ends after `start`.
    let lo = 0
    let hi = starts.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((starts[mid] as number) < end) lo = mid + 1
      else hi = mid
    }
    return lo > 0 && (latestEnd[lo - 1] as number) > start
  }
}

/** The start times in [from, to), not before `now`, at which `host` can hold a meeting of `durationMs`. */
export function hostStarts (host: PreparedHost, from: number, to: number, now: number, durationMs: number): HostStart[] {
  const starts: HostStart[] = []
  const earliest = Math.max(from, now)
  for (const interval of workingIntervals(host.hours, earliest, to)) {
    const first = interval.start + Math.max(0, Math.ceil((earliest - interval.start) / SLOT_STEP_MS)) * SLOT_STEP_MS
    for (let start = first; start < to && start + durationMs <= interval.end; start += SLOT_STEP_MS) {
      if (!host.overlapsBooking(start, start + durationMs)) starts.push({ start, interval })
    }
  }
  return starts
}
