// Hosts for the slot tests: working hours written briefly, bookings as local or UTC times.

import type { AvailabilityLocation, BusyInterval, DayName, HostSchedule, SchedulingAvailability, WorkingHours } from '../../src/scheduling/types.ts'
import { workingIntervals } from '../../src/scheduling/working-intervals.ts'

export const ZOOM: AvailabilityLocation = { type: 'online_dynamic_link', value: 'zoom', id: null }
export const WEBEX: AvailabilityLocation = { type: 'online_dynamic_link', value: 'webex', id: null }
export const OFFICE: AvailabilityLocation = { type: 'in_person_by_host', value: '1 Main St', id: 'ADD-1' }
export const PHONE: AvailabilityLocation = { type: 'phone_by_guest', value: '', id: null }
export const STATIC: AvailabilityLocation = { type: 'online_static_link', value: 'https://meet.example.com/room', id: null }

/** A range `HH:MM-HH:MM` with its locations. */
export const hours = (span: string, ...locations: AvailabilityLocation[]): WorkingHours => {
  const [start, end] = span.split('-') as [string, string]
  return { start_time: start, end_time: end, locations }
}

/** An availability with the same ranges on each of `days`, and any overrides. */
export function availability (timezone: string, days: readonly DayName[], ranges: WorkingHours[], overrides: SchedulingAvailability['overrides'] = []): SchedulingAvailability {
  return { object: 'schedule', timezone, weekly: days.map((day) => ({ day, working_hours: ranges })), overrides }
}

export const WEEKDAYS: readonly DayName[] = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']
export const EVERY_DAY: readonly DayName[] = [...WEEKDAYS, 'Saturday', 'Sunday']

/** A booking from an RFC 3339 start, for `minutes`. */
export const booking = (start: string, minutes: number): BusyInterval => ({ start: Date.parse(start), end: Date.parse(start) + minutes * 60_000 })

/** A host. */
export const host = (id: string, hoursOf: SchedulingAvailability, busy: BusyInterval[] = []): HostSchedule => ({ id, availability: hoursOf, busy })

/** `HH:MM` in UTC of each slot start, for short expectations. */
export const times = (slots: ReadonlyArray<{ start_time: string }>): string[] => slots.map((s) => s.start_time.slice(11, 16))

/** Every start from `first` to `last` (HH:MM, the same day) 15 minutes apart. */
export function quarterHours (first: string, last: string): string[] {
  const minutes = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3))
  const out: string[] = []
  for (let m = minutes(first); m <= minutes(last); m += 15) out.push(`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`)
  return out
}

/**
 * Whether a meeting of `durationMinutes` from `start` lies wholly inside one
 * working-hours range, slot grid aside: what seeded bookings are held to.
 */
export function meetingFitsAvailability (hoursOf: Pick<SchedulingAvailability, 'timezone' | 'weekly' | 'overrides'>, start: number, durationMinutes: number): boolean {
  const end = start + durationMinutes * 60_000
  return workingIntervals(hoursOf, start, end).some((interval) => interval.start <= start && end <= interval.end)
}
