// The shapes of OnceHub's scheduling API, as its answers show them: a user's
// scheduling availability (GET and PATCH /v2/users/{id}/scheduling-availability)
// and a booking calendar's time slot (GET /v2/booking-calendars/{id}/time-slots).

/** Day names as OnceHub writes them, case-sensitive, in the order the mock lists them. */
export const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const

/** A day of the week, as OnceHub names it. */
export type DayName = typeof DAY_NAMES[number]

/** Where a user's working hours can be held, as availability names it. */
export const AVAILABILITY_LOCATION_TYPES = ['in_person_by_host', 'online_dynamic_link', 'online_static_link', 'phone_by_guest'] as const

/** A location type of availability. */
export type AvailabilityLocationType = typeof AVAILABILITY_LOCATION_TYPES[number]

/** The video conferencing providers a dynamic link (a slot's `virtual` location) may name. */
export const VIDEO_PROVIDERS = ['google_meet', 'microsoft_teams', 'gotomeeting', 'webex', 'zoom'] as const

/**
 * One location of a working-hours range. `value` is the provider of a dynamic link,
 * the URL of a static one, or the address of an in-person one (whose `id` is the
 * address's `ADD-…` ID); otherwise "". `id` is null but for an address.
 */
export interface AvailabilityLocation {
  type: AvailabilityLocationType
  value: string
  id: string | null
}

/** A range of working hours, `HH:MM` local wall-clock times, on 15-minute steps. */
export interface WorkingHours {
  start_time: string
  end_time: string
  locations: AvailabilityLocation[]
}

/** A day of the weekly schedule; `working_hours: []` is a day off. */
export interface WeeklyHours {
  day: DayName
  working_hours: WorkingHours[]
}

/** Working hours for one date (`YYYY-MM-DD`, the user's zone), replacing the weekly ones that day. */
export interface DateOverride {
  date: string
  day: DayName
  working_hours: WorkingHours[]
}

/** A user's scheduling availability, exactly as GET /v2/users/{id}/scheduling-availability answers it. */
export interface SchedulingAvailability {
  object: 'schedule'
  timezone: string
  weekly: WeeklyHours[]
  overrides: DateOverride[]
}

/** Location types as time slots and the schedule request name them. */
export const SLOT_LOCATION_TYPES = ['virtual', 'virtual_static', 'physical', 'guest_phone'] as const

/** A location type of a time slot. */
export type SlotLocationType = typeof SLOT_LOCATION_TYPES[number]

/** One location a time slot offers: a provider (`virtual`), a URL (`virtual_static`), an address ID in `id` (`physical`). */
export interface SlotLocation {
  type: SlotLocationType
  value: string | null
  id: string | null
}

/** One item of the time-slots answer: a free start time and the locations it offers. */
export interface TimeSlot {
  start_time: string
  locations: SlotLocation[]
}

/** A time a host is taken, in milliseconds since the epoch: [start, end). */
export interface BusyInterval {
  start: number
  end: number
}

/** One host of a booking calendar: whose hours, in which zone, and which bookings already hold them. */
export interface HostSchedule {
  id: string
  availability: Pick<SchedulingAvailability, 'timezone' | 'weekly' | 'overrides'>
  busy: readonly BusyInterval[]
}

/** A location as the schedule request asks for it: `value` null or absent matches any of that type. */
export interface RequestedLocation {
  type: SlotLocationType
  value: string | null
}
