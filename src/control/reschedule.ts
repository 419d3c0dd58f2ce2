// The booking a customer books when rescheduling: the same meeting at a new time,
// made now, optionally with another user or on another booking page, in which case
// its owner, page, master page, event type and hosts are made to fit together again.

import { errors } from '../errors.ts'
import { DAY, instantParam, millis, timestamp } from '../time.ts'
import { checkMeetingEnd } from './request-times.ts'
import { derivedId } from '../ids.ts'
import type { components } from '../openapi/types.gen.ts'
import { replaceAttendee } from '../store/booking-actions.ts'
import type { Store } from '../store/store.ts'
import type { Booking, BookingRecord } from '../store/types.ts'
import { offered, placeBooking } from './placement.ts'

export type RescheduleInput = components['schemas']['CustomerRescheduleRequest']

/** The booking replacing `old` (hosted by `hosts`) when its customer reschedules at `now`. */
export function replacementBooking (store: Store, old: Booking, hosts: string[], input: RescheduleInput, now: string): BookingRecord {
  const start = input.starting_time !== undefined ? instantParam('starting_time', input.starting_time) : millis(old.starting_time) + DAY
  if (start <= millis(now)) throw errors.notInFuture('starting_time', now)
  checkMeetingEnd(start, old.duration_minutes)
  // The ID is derived from the old one and the time, so that a rerun gives the same.
  const id = derivedId('BKNG-', 12, `${old.id} ${now}`)
  const next: BookingRecord = {
    ...structuredClone(old),
    id,
    // A request needs the user's approval again; anything else is rescheduled.
    status: old.status === 'requested' ? 'requested' : 'rescheduled',
    creation_time: now,
    last_updated_time: now,
    starting_time: timestamp(start),
    rescheduled_booking_id: old.id,
    cancel_reschedule_information: { reason: '', actioned_by: '', user_id: '' },
    cancel_url: old.cancel_url && `https://oncehub.com/m/${id}/cancel`,
    reschedule_url: old.reschedule_url && `https://oncehub.com/m/${id}`,
    hosts
  }
  return input.owner === undefined && input.booking_page === undefined ? next : moved(store, next, input)
}

// `next` rebooked with `input.owner` or on `input.booking_page`. What still fits is
// kept: the old page if the new owner owns it, the master page and event type if
// the new page has them; otherwise the owner's first page and the page's first event type.
function moved (store: Store, next: BookingRecord, input: RescheduleInput): BookingRecord {
  const prefer = (current: string | null) => (ids: readonly string[]) => current !== null && ids.includes(current) ? current : ids[0]!
  const toPage = input.booking_page !== undefined
  const place = placeBooking(store, {
    owner: input.owner,
    booking_page: input.booking_page,
    booking_calendar: toPage ? '' : next.booking_calendar
  }, prefer(next.booking_page), () => next.owner)
  if (place.owner.id === next.owner && place.booking_page === next.booking_page && place.booking_calendar === next.booking_calendar) return next

  const eventType = offered(store, place, 'event_type', undefined, (ids) => ids.length > 0 ? prefer(next.event_type)(ids) : null)
  const previous = store.account.get('users', next.owner)
  const ownerEmail = place.owner.email
  return {
    ...next,
    owner: place.owner.id,
    hosts: place.hosts,
    booking_page: place.booking_page,
    booking_calendar: place.booking_calendar,
    master_page: next.master_page !== null && place.offers.master_pages.includes(next.master_page) ? next.master_page : null,
    event_type: eventType,
    subject: eventType !== null && eventType !== next.event_type ? store.account.get('event_types', eventType)!.name : next.subject,
    attendees: previous === undefined ? next.attendees : replaceAttendee(next.attendees, previous.email, ownerEmail),
    external_calendar: next.external_calendar.type === 'none' ? next.external_calendar : { ...next.external_calendar, name: ownerEmail, id: ownerEmail },
    ...(toPage && next.booking_calendar !== '' ? { ics_url: '', cancel_url: '', reschedule_url: '' } : {})
  }
}
