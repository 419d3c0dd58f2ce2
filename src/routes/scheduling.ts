// Scheduling: users' availability, a booking calendar's free time slots, booking
// one, and one-time links. The rules are in src/scheduling/; here, each operation
// finds its objects (404s), checks the calendar is published, and answers.

import type { FastifyInstance } from 'fastify'
import { errors } from '../errors.ts'
import { serve } from '../http/operation.ts'
import { availabilityOf, bookSlot, hostSchedules } from '../scheduling/book-slot.ts'
import { freeSlots, slotsBusyWindow } from '../scheduling/free-slots.ts'
import { createLink } from '../scheduling/one-time-links.ts'
import { patchAvailability, withoutPastOverrides } from '../scheduling/availability-patch.ts'
import { readScheduleRequest } from '../scheduling/schedule-request.ts'
import { slotRange } from '../scheduling/slot-range.ts'
import type { SchedulingAvailability } from '../scheduling/types.ts'
import type { Store } from '../store/store.ts'
import type { BookingCalendar } from '../store/types.ts'

/** The scheduling routes. */
export async function schedulingRoutes (app: FastifyInstance): Promise<void> {
  const { store } = app

  serve(app, 'getSchedulingAvailability', async function getSchedulingAvailability (request) {
    return withoutPastOverrides(availability(store, request.params.id), store.clock.now())
  })

  serve(app, 'patchSchedulingAvailability', async function patchSchedulingAvailability (request) {
    const { id } = request.params
    const now = store.clock.now()
    const next = patchAvailability(availability(store, id), request.body, now)
    store.scheduling.setAvailability({ user_id: id, timezone: next.timezone, weekly: next.weekly, overrides: next.overrides })
    return withoutPastOverrides(next, now)
  })

  serve(app, 'getTimeSlots', async function getTimeSlots (request) {
    const calendar = publishedCalendar(store, request.params.id, errors.unpublishedCalendarSlots)
    const now = store.clock.now()
    const { from, to } = slotRange(request.query, now)
    const query = { from, to, now, durationMinutes: calendar.duration_minutes }
    const window = slotsBusyWindow(query)
    return freeSlots(hostSchedules(store, calendar.id, window.from, window.to), query)
  })

  serve(app, 'scheduleBooking', async function scheduleBooking (request) {
    const calendar = publishedCalendar(store, request.params.id, errors.unpublishedCalendarSchedule)
    const { booking } = bookSlot(store, calendar, readScheduleRequest(request.body))
    return { id: booking.id }
  })

  serve(app, 'createBookingCalendarOneTimeLink', async function createBookingCalendarOneTimeLink (request) {
    const { id } = request.params
    const calendar = store.account.get('booking_calendars', id)
    if (calendar === undefined) throw errors.noSuchObject('booking calendar', id)
    // OnceHub: "One-time links are only available for published booking calendars."
    if (!calendar.published) throw errors.oneTimeLinksNotAllowed(id)
    return createLink(store, { target: calendar.id, hideUrlParams: request.body.hide_url_params ?? false, bookingForm: request.body.booking_form, utmParams: request.body.utm_params })
  })

  serve(app, 'createMasterPageOneTimeLink', async function createMasterPageOneTimeLink (request) {
    const { id } = request.params
    if (store.account.get('master_pages', id) === undefined) throw errors.noSuchObject('master page', id)
    return createLink(store, { target: id, hideUrlParams: true })
  })
}

// The user's availability as the API shows it; 404 for an unknown user.
function availability (store: Store, userId: string): SchedulingAvailability {
  if (store.account.get('users', userId) === undefined) throw errors.noSuchObject('user', userId)
  return { object: 'schedule', ...availabilityOf(store, userId) }
}

// The booking calendar `id`; 404 when there is none, `unpublished` when it takes no bookings.
function publishedCalendar (store: Store, id: string, unpublished: () => Error): BookingCalendar {
  const calendar = store.account.get('booking_calendars', id)
  if (calendar === undefined) throw errors.noSuchObject('booking calendar', id)
  if (!calendar.published) throw unpublished()
  return calendar
}
