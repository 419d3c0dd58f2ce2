// Fills in a booking from the partial object POST /_mock/bookings receives: every
// ID given must name an existing object, and what is left out is drawn from a
// Faker seeded by the dataset and its size, so the same calls give the same data.

import { Faker, base, en } from '@faker-js/faker'
import { errors } from '../errors.ts'
import { DAY, FIRST_INSTANT, HOUR, LAST_INSTANT, MINUTE, instantParam, timestamp } from '../fixtures/time.ts'
import type { components } from '../openapi/types.gen.ts'
import type { Store } from '../store/store.ts'
import type { Booking, BookingRecord } from '../store/types.ts'

export type BookingInput = components['schemas']['BookingInput']

const ENDED_STATUSES = new Set(['completed', 'no_show'])

/** A whole booking from `input`, checked against the store and the clock. */
export function newBooking (store: Store, input: BookingInput): BookingRecord {
  const info = store.info()
  const faker = new Faker({ locale: [en, base] })
  faker.seed([info.seed, info.bookings])
  const now = store.clock.now()

  const owner = existing('user', 'owner', input.owner, store.getUser) ?? pick(faker, store, 'users', "status = 'active'")
  const contact = existing('contact', 'contact', input.contact, store.getContact) ?? pick(faker, store, 'contacts')
  const page = input.booking_page === '' ? undefined : existing('booking page', 'booking_page', input.booking_page, store.getBookingPage)
  const masterPage = input.master_page === null ? undefined : existing('master page', 'master_page', input.master_page, store.getMasterPage)
  const eventType = input.event_type === null ? undefined : existing('event type', 'event_type', input.event_type, store.getEventType)
  const conversation = input.conversation === null ? undefined : existing('conversation', 'conversation', input.conversation, store.getConversation)
  for (const host of input.hosts ?? []) existing('user', 'hosts', host, store.getUser)
  if (input.rescheduled_booking_id) existing('booking', 'rescheduled_booking_id', input.rescheduled_booking_id, store.getBooking)

  // By default the meeting is tomorrow or later, on the quarter hour.
  const start = input.starting_time !== undefined
    ? instantParam('starting_time', input.starting_time)
    : (Math.floor(now / DAY) + faker.number.int({ min: 1, max: 30 })) * DAY + faker.number.int({ min: 28, max: 80 }) * 15 * MINUTE
  const duration = input.duration_minutes ?? faker.helpers.arrayElement([15, 30, 45, 60])
  checkMeetingEnd(start, duration)
  const status = input.status ?? 'scheduled'
  if (ENDED_STATUSES.has(status) && start + duration * MINUTE > now) {
    throw errors.invalidValue('status', `a ${status} booking must have ended by the mock's clock (${timestamp(now)})`)
  }
  const created = input.creation_time !== undefined ? instantParam('creation_time', input.creation_time) : Math.max(FIRST_INSTANT, Math.min(now, start - HOUR))
  const updated = input.last_updated_time !== undefined ? instantParam('last_updated_time', input.last_updated_time) : created
  const id = input.id ?? `BKNG-${faker.string.alphanumeric({ length: 12, casing: 'upper' })}`
  const calendar = input.booking_calendar ?? ''
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
    cancel_reschedule_information: input.cancel_reschedule_information ?? { reason: '', actioned_by: '', user_id: '' },
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
    booking_page: page?.id ?? (calendar === '' && input.booking_page === undefined ? pick(faker, store, 'booking_pages').id : ''),
    master_page: masterPage?.id ?? null,
    event_type: eventType?.id ?? null,
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
    hosts: input.hosts ?? [owner.id]
  }
}

/** Refuses a meeting that would end after the last instant the mock writes. */
export function checkMeetingEnd (start: number, minutes: number): void {
  if (start + minutes * MINUTE > LAST_INSTANT) throw errors.meetingTooLate()
}

/** The booking a customer books when rescheduling `old`: the same meeting at `startingTime`, made now. */
export function replacementBooking (old: Booking, hosts: string[], startingTime: string, now: string, id: string): BookingRecord {
  return {
    ...structuredClone(old),
    id,
    status: 'rescheduled',
    creation_time: now,
    last_updated_time: now,
    starting_time: startingTime,
    rescheduled_booking_id: old.id,
    cancel_reschedule_information: { reason: '', actioned_by: '', user_id: '' },
    cancel_url: old.cancel_url && `https://oncehub.com/m/${id}/cancel`,
    reschedule_url: old.reschedule_url && `https://oncehub.com/m/${id}`,
    hosts
  }
}

function existing<T> (resource: string, param: string, id: string | null | undefined, get: (id: string) => T | undefined): T | undefined {
  if (id === undefined || id === null) return undefined
  const found = get(id)
  if (found === undefined) throw errors.noSuchObject(resource, id, param)
  return found
}

// A random row of `table`, chosen by the seeded Faker.
function pick (faker: Faker, store: Store, table: string, where = '1'): any {
  const count = store.db.prepare(`SELECT count(*) FROM ${table} WHERE ${where}`).pluck().get() as number
  const row = store.db.prepare(`SELECT id FROM ${table} WHERE ${where} ORDER BY id LIMIT 1 OFFSET ?`).pluck().get(faker.number.int({ min: 0, max: Math.max(0, count - 1) })) as string | undefined
  if (row === undefined) throw errors.invalidValue(table, 'the dataset has none to choose from')
  const getters: Record<string, (id: string) => unknown> = { users: store.getUser, contacts: store.getContact, booking_pages: store.getBookingPage }
  return getters[table]!(row)
}
