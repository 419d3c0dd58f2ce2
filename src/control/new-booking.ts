// Fills in a booking from the partial object POST /_mock/bookings receives: every
// ID given must name an existing object, what is given must fit together and with
// the clock, and what is left out is drawn from a Faker seeded by the dataset and
// its size, so the same calls give the same data.

import type { Faker } from '@faker-js/faker'
import { errors } from '../errors.ts'
import { cancellation, lastUpdated } from '../dataset/bookings.ts'
import { seededFaker } from '../dataset/faker.ts'
import { DAY, FIRST_INSTANT, HOUR, instantParam, MINUTE, timestamp } from '../time.ts'
import { checkMeetingEnd } from './request-times.ts'
import type { components } from '../openapi/types.gen.ts'
import type { Store } from '../store/store.ts'
import type { BookingRecord } from '../store/types.ts'
import { offered, placeBooking, type Choose } from './placement.ts'

export type BookingInput = components['schemas']['BookingInput']

// Statuses that only come once the meeting has ended, and those the clock completes once it has.
const ENDED_STATUSES = new Set(['completed', 'no_show'])
const COMPLETED_BY_CLOCK = new Set(['scheduled', 'rescheduled'])

/** A whole booking from `input`, checked against the store and the clock. */
export function newBooking (store: Store, input: BookingInput): BookingRecord {
  const info = store.dataset.info()
  const faker = seededFaker([info.seed, info.bookings])
  const now = second(store.clock.now())
  const choose: Choose = (ids) => faker.helpers.arrayElement(ids)

  const place = placeBooking(store, input, choose, () => pick(faker, store.account.pageOwners(), 'users').id)
  const owner = place.owner
  const contact = existing('contact', 'contact', input.contact, (id) => store.account.get('contacts', id)) ?? pick(faker, store.account.contacts(), 'contacts')
  const masterPage = offered(store, place, 'master_page', input.master_page, () => null)
  const eventTypeId = offered(store, place, 'event_type', input.event_type, (ids) => ids.length > 0 ? choose(ids) : null)
  const eventType = eventTypeId === null ? undefined : store.account.get('event_types', eventTypeId)
  const conversation = input.conversation === null ? undefined : existing('conversation', 'conversation', input.conversation, (id) => store.account.get('conversations', id))
  if (input.booking_calendar) existing('booking calendar', 'booking_calendar', input.booking_calendar, (id) => store.account.get('booking_calendars', id))
  if (input.rescheduled_booking_id) existing('booking', 'rescheduled_booking_id', input.rescheduled_booking_id, (id) => store.bookings.get(id))

  // By default the meeting is tomorrow or later, on the quarter hour.
  const start = input.starting_time !== undefined
    ? second(instantParam('starting_time', input.starting_time))
    : (Math.floor(now / DAY) + faker.number.int({ min: 1, max: 30 })) * DAY + faker.number.int({ min: 28, max: 80 }) * 15 * MINUTE
  const duration = input.duration_minutes ?? faker.helpers.arrayElement([15, 30, 45, 60])
  checkMeetingEnd(start, duration)
  const end = start + duration * MINUTE
  const status = input.status ?? 'scheduled'
  const clock = `the mock's clock (${timestamp(now)})`
  if (ENDED_STATUSES.has(status) && end > now) throw errors.invalidValue('status', `a ${status} booking must have ended by ${clock}`)
  // It would be completed by the next read: the answer would already be out of date.
  if (COMPLETED_BY_CLOCK.has(status) && end <= now) throw errors.invalidValue('status', `a ${status} booking must not have ended by ${clock}`)
  const created = input.creation_time !== undefined ? second(instantParam('creation_time', input.creation_time)) : Math.max(FIRST_INSTANT, Math.min(now, start - HOUR))
  if (created > now) throw errors.invalidValue('creation_time', `must not be later than ${clock}`)
  if (created > start) throw errors.invalidValue('creation_time', `must not be later than starting_time (${timestamp(start)})`)
  const updated = input.last_updated_time !== undefined ? second(instantParam('last_updated_time', input.last_updated_time)) : Math.min(now, lastUpdated(faker, status, created, start, end, now))
  if (updated < created) throw errors.invalidValue('last_updated_time', `must not be earlier than creation_time (${timestamp(created)})`)
  if (updated > now) throw errors.invalidValue('last_updated_time', `must not be later than ${clock}`)
  if (ENDED_STATUSES.has(status) && updated < end) throw errors.invalidValue('last_updated_time', `a ${status} booking was last updated at or after its end (${timestamp(end)})`)

  const id = input.id ?? `BKNG-${faker.string.alphanumeric({ length: 12, casing: 'upper' })}`
  const calendar = place.booking_calendar
  const email = contact.email

  return {
    object: 'booking',
    id,
    tracking_id: input.tracking_id ?? faker.string.hexadecimal({ length: 8, casing: 'upper', prefix: '' }),
    subject: input.subject ?? eventType?.name ?? 'Meeting',
    status,
    in_trash: input.in_trash ?? false,
    creation_time: timestamp(created),
    starting_time: timestamp(start),
    customer_timezone: input.customer_timezone ?? contact.timezone,
    last_updated_time: timestamp(updated),
    owner: owner.id,
    duration_minutes: duration,
    virtual_conferencing: input.virtual_conferencing ?? { join_url: `https://zoom.us/j/${faker.string.numeric(10)}` },
    location_description: input.location_description ?? '',
    rescheduled_booking_id: input.rescheduled_booking_id ?? '',
    cancel_reschedule_information: input.cancel_reschedule_information ??
      (status === 'canceled' ? cancellation(faker, owner.id) : { reason: '', actioned_by: '', user_id: '' }),
    attendees: input.attendees ?? [email, owner.email],
    form_submission: input.form_submission ?? {
      name: [contact.first_name, contact.last_name].filter(Boolean).join(' '),
      email,
      phone: contact.phone,
      mobile_phone: contact.mobile_phone ?? '',
      note: '',
      company: contact.company,
      guests: [],
      custom_fields: []
    },
    booking_page: place.booking_page,
    master_page: masterPage,
    event_type: eventTypeId,
    ics_url: input.ics_url ?? (calendar ? `https://oncehub.com/api/bookings/ics/${faker.string.uuid()}` : ''),
    external_calendar: input.external_calendar ?? { type: 'none', name: '', id: '', event_id: '' },
    utm_params: input.utm_params ?? null,
    contact: contact.id,
    booking_calendar: calendar,
    cancel_url: input.cancel_url ?? (calendar ? `https://oncehub.com/m/${id}/cancel` : ''),
    reschedule_url: input.reschedule_url ?? (calendar ? `https://oncehub.com/m/${id}` : ''),
    payment_information: input.payment_information ?? null,
    conversation: conversation?.id ?? null,
    custom_fields: input.custom_fields ?? [],
    hosts: place.hosts
  }
}

// Stored times are whole seconds: compared as stored.
function second (ms: number): number {
  return Math.floor(ms / 1000) * 1000
}

function existing<T> (resource: string, param: string, id: string | null | undefined, get: (id: string) => T | undefined): T | undefined {
  if (id === undefined || id === null) return undefined
  const found = get(id)
  if (found === undefined) throw errors.noSuchObject(resource, id, param)
  return found
}

// One of `choices`, chosen by the seeded Faker.
function pick<T> (faker: Faker, choices: { count: number, at(n: number): T | undefined }, kind: string): T {
  const chosen = choices.at(faker.number.int({ min: 0, max: Math.max(0, choices.count - 1) }))
  if (chosen === undefined) throw errors.invalidValue(kind, 'the dataset has none to choose from')
  return chosen
}
