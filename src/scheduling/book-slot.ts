// Booking a free slot of a booking calendar, as POST /v2/booking-calendars/{id}/schedule
// and a one-time link do: in one transaction, the start time is checked against the
// hosts' hours and bookings as they are now, a free host takes it, the contact is
// found by email or made, and the booking is stored (which sends booking.scheduled).
// Parallel requests for one slot run one after another: the first takes it, the
// others find it taken.

import { createHash } from 'node:crypto'
import { freeDerivedId } from '../ids.ts'
import { isE164 } from '../formats.ts'
import { joinUrl, type StoredBooking, type VirtualProvider } from '../store/booking-actions.ts'
import type { Store } from '../store/store.ts'
import type { AvailabilityRecord, BookingCalendar, BookingRecord, Contact, User } from '../store/types.ts'
import { timestamp } from '../time.ts'
import { takeSlotBusyWindow } from './free-slots.ts'
import type { BookingFormAnswers, ScheduleRequest } from './schedule-request.ts'
import { emptyAvailability } from './seed-availability.ts'
import { takeSlot } from './take-slot.ts'
import type { HostSchedule, SlotLocation } from './types.ts'

/** What a one-time link adds to the booking: its UTM parameters. */
export interface LinkExtras {
  utm_params: BookingRecord['utm_params']
}

/** Books `request`'s start time on `calendar` (published: the caller checks); returns the booking stored. */
export function bookSlot (store: Store, calendar: BookingCalendar, request: ScheduleRequest, extras?: LinkExtras): StoredBooking {
  return store.transaction(() => {
    const now = store.clock.now()
    const window = takeSlotBusyWindow(request.start, calendar.duration_minutes)
    const hosts = hostSchedules(store, calendar.id, window.from, window.to)
    const choice = takeSlot(hosts, { start: request.start, durationMinutes: calendar.duration_minutes, now, location: request.location })
    const owner = store.account.get('users', choice.host)!
    const contact = guestContact(store, request.form, request.guestTimeZone, owner.id)
    // The same request on the same clock gives the same booking.
    const text = `${calendar.id} ${owner.id} ${request.start} ${request.form.email} ${now}`
    const id = freeDerivedId('BKNG-', 12, (n) => n === 0 ? text : `${text} ${n}`, (candidate) => store.bookings.get(candidate) === undefined)
    const availability = hosts.find((host) => host.id === owner.id)!.availability
    return store.bookings.insert(slotBooking(id, calendar, owner, availability, contact, request, choice.location, timestamp(now), extras))
  })
}

/** Each active host of `calendar`, with their hours and the bookings holding their time in [from, to). */
export function hostSchedules (store: Store, calendar: string, from: number, to: number): HostSchedule[] {
  const ids = store.scheduling.calendarHosts(calendar)
  const busy = store.scheduling.busy(ids, from, to)
  return ids.map((id) => ({ id, availability: availabilityOf(store, id), busy: busy.get(id) ?? [] }))
}

/** A user's stored availability, or none at all in the user's zone. */
export function availabilityOf (store: Store, userId: string): Omit<AvailabilityRecord, 'user_id'> {
  const stored = store.scheduling.availability(userId)
  if (stored !== undefined) return { timezone: stored.timezone, weekly: stored.weekly, overrides: stored.overrides }
  const { timezone } = emptyAvailability(store.account.get('users', userId)?.timezone ?? 'UTC')
  return { timezone, weekly: [], overrides: [] }
}

/**
 * The guest's contact: the live one with this email, or a new one made from the form
 * (its first word the first name, the rest the last), owned by `owner`. A phone that is
 * not E.164 stays on the booking's form only, as a contact's phone must be E.164.
 */
export function guestContact (store: Store, form: Pick<ScheduleRequest['form'], 'name' | 'email' | 'phone'>, timezone: string, owner: string): Contact {
  const [first = '', ...rest] = form.name.trim().split(/\s+/)
  const phone = form.phone !== null && isE164(form.phone) ? { phone: form.phone } : {}
  return store.contacts.findOrCreate({ first_name: first, last_name: rest.join(' '), email: form.email, timezone, owner, ...phone }).contact
}

/** What a booking records of the form its guest filled in; the company is the contact's. */
export function formSubmission (form: BookingFormAnswers, contact: Contact): BookingRecord['form_submission'] {
  return {
    name: form.name,
    email: form.email,
    phone: form.phone,
    mobile_phone: '',
    note: '',
    company: contact.company,
    guests: [],
    custom_fields: Object.entries(form.custom).map(([name, value]) => ({ name, value }))
  }
}

function slotBooking (id: string, calendar: BookingCalendar, owner: User, availability: Omit<AvailabilityRecord, 'user_id'>,
  contact: Contact, request: ScheduleRequest, location: SlotLocation | null, now: string, extras?: LinkExtras): BookingRecord {
  const hash = createHash('sha256').update(id).digest('hex')
  return {
    object: 'booking',
    id,
    tracking_id: hash.slice(32, 40).toUpperCase(),
    subject: calendar.subject,
    status: 'scheduled',
    in_trash: false,
    creation_time: now,
    starting_time: timestamp(request.start),
    customer_timezone: request.guestTimeZone,
    last_updated_time: now,
    owner: owner.id,
    duration_minutes: calendar.duration_minutes,
    virtual_conferencing: { join_url: location?.type === 'virtual' ? joinUrl(location.value as VirtualProvider, id, now) : location?.type === 'virtual_static' ? location.value ?? '' : '' },
    location_description: location?.type === 'physical' ? address(availability, location.id) : location?.type === 'guest_phone' ? location.value ?? '' : '',
    rescheduled_booking_id: '',
    cancel_reschedule_information: { reason: '', actioned_by: '', user_id: '' },
    attendees: [request.form.email, owner.email],
    form_submission: formSubmission(request.form, contact),
    booking_page: '',
    master_page: null,
    event_type: null,
    ics_url: `https://oncehub.com/api/bookings/ics/${hash.slice(0, 8)}-${hash.slice(8, 12)}-${hash.slice(12, 16)}-${hash.slice(16, 20)}-${hash.slice(20, 32)}`,
    external_calendar: { type: 'none', name: '', id: '', event_id: '' },
    utm_params: extras?.utm_params ?? null,
    contact: contact.id,
    booking_calendar: calendar.id,
    cancel_url: `https://oncehub.com/m/${id}/cancel`,
    reschedule_url: `https://oncehub.com/m/${id}`,
    payment_information: null,
    conversation: null,
    custom_fields: [],
    hosts: [owner.id]
  }
}

// The address of the host's in-person location `id`, as their working hours give it.
function address (availability: Omit<AvailabilityRecord, 'user_id'>, id: string | null): string {
  const ranges = [...availability.weekly, ...availability.overrides].flatMap((day) => day.working_hours)
  return ranges.flatMap((range) => range.locations).find((location) => location.id === id)?.value ?? ''
}
