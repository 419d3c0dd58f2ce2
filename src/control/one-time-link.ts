// Booking through a one-time link, as its customer would (POST
// /_mock/one-time-links/{id}/book): a booking-calendar link books a free slot with
// the link's form answers and UTM parameters; a master-page link books one of the
// master page's booking pages. Either way the link is used up, in the same
// transaction as the booking.

import { errors } from '../errors.ts'
import { bookSlot, formSubmission, guestContact } from '../scheduling/book-slot.ts'
import { readScheduleRequest } from '../scheduling/schedule-request.ts'
import type { StoredBooking } from '../store/booking-actions.ts'
import type { Store } from '../store/store.ts'
import type { components } from '../openapi/types.gen.ts'
import { newBooking } from './new-booking.ts'

type LinkBooking = components['schemas']['OneTimeLinkBooking']

/** Books through link `id`; 404 for no such link, 409 for one already used. */
export function bookThroughLink (store: Store, id: string, body: LinkBooking): StoredBooking {
  return store.transaction(() => {
    const link = store.scheduling.link(id)
    if (link === undefined) throw errors.noSuchObject('one-time link', id)
    if (link.booking !== null) throw errors.linkUsed(id)
    const { booking_page: page, ...rest } = body
    // The link's answers first; what the customer types wins.
    const request = readScheduleRequest({ ...rest, booking_form: { ...link.booking_form, ...body.booking_form } })
    let stored: StoredBooking
    if (link.target.startsWith('BKC-')) {
      if (page !== undefined) throw errors.linkPageOnCalendar()
      const calendar = store.account.get('booking_calendars', link.target)!
      if (!calendar.published) throw errors.unpublishedCalendarSchedule()
      stored = bookSlot(store, calendar, request, { utm_params: link.utm_params === null ? null : { source: null, medium: null, campaign: null, term: null, content: null, ...link.utm_params } })
    } else {
      const held = store.account.list('booking_pages', { match: { master_page: link.target } }, { limit: 100 }).data.map((p) => p.id).sort()
      const chosen = page ?? held[0]
      if (chosen === undefined || !held.includes(chosen)) throw errors.linkPageNotHeld(chosen ?? '', link.target)
      const owner = store.account.bookingPageLinks(chosen)!.owner
      const contact = guestContact(store, request.form, request.guestTimeZone, owner)
      stored = store.bookings.insert(newBooking(store, {
        booking_page: chosen,
        master_page: link.target,
        status: 'scheduled',
        starting_time: new Date(request.start).toISOString(),
        customer_timezone: request.guestTimeZone,
        contact: contact.id,
        form_submission: formSubmission(request.form, contact),
        attendees: [request.form.email, store.account.get('users', owner)!.email]
      }))
    }
    store.scheduling.useLink(id, stored.booking.id)
    return stored
  })
}
