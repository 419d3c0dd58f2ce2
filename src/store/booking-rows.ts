// How a booking is stored: the columns that filters, ordering and completion read,
// and the booking's whole API JSON as one text, which reads send as it is.

import type { Database } from 'better-sqlite3'
import { millis, timestamp } from '../time.ts'
import * as tables from './tables.ts'
import type { Booking, BookingRecord } from './types.ts'

/** Every field of a booking, in the order the API writes them. */
export const BOOKING_FIELDS = [
  'object', 'id', 'tracking_id', 'subject', 'status', 'in_trash', 'creation_time', 'starting_time', 'customer_timezone',
  'last_updated_time', 'owner', 'duration_minutes', 'virtual_conferencing', 'location_description', 'rescheduled_booking_id',
  'cancel_reschedule_information', 'attendees', 'form_submission', 'booking_page', 'master_page', 'event_type', 'ics_url',
  'external_calendar', 'utm_params', 'contact', 'booking_calendar', 'cancel_url', 'reschedule_url', 'payment_information',
  'conversation', 'custom_fields'
] as const satisfies ReadonlyArray<keyof Booking>

/** The fields `expand` can replace by the object they name. */
export const BOOKING_EXPANDABLE = ['owner', 'booking_page', 'master_page', 'event_type', 'contact', 'conversation'] as const
export type BookingExpandable = typeof BOOKING_EXPANDABLE[number]

/** A row of the bookings table: the columns queries read, and the JSON. */
export interface BookingRow {
  id: string
  status: string
  owner: string
  contact: string
  booking_page: string
  master_page: string | null
  event_type: string | null
  booking_calendar: string
  creation_time: string
  starting_time: string
  last_updated_time: string
  /** starting_time + duration_minutes, so that completion is one indexed range. */
  ends_at: string
  body: string
}

/** The row that stores `booking`, its fields in the API's order; a field the booking lacks is an error. */
export function bookingRow (booking: Booking): BookingRow {
  const ordered: Record<string, unknown> = {}
  for (const field of BOOKING_FIELDS) {
    if (booking[field] === undefined) throw new Error(`bookings.${field} is missing`)
    ordered[field] = booking[field]
  }
  return {
    id: booking.id,
    status: booking.status,
    owner: booking.owner,
    contact: booking.contact,
    booking_page: booking.booking_page,
    master_page: booking.master_page,
    event_type: booking.event_type,
    booking_calendar: booking.booking_calendar,
    creation_time: booking.creation_time,
    starting_time: booking.starting_time,
    last_updated_time: booking.last_updated_time,
    ends_at: timestamp(millis(booking.starting_time) + booking.duration_minutes * 60_000),
    body: JSON.stringify(ordered)
  }
}

/** Inserts a booking and its hosts into `db`; returns the booking's row. */
export function bookingInserter (db: Database): (record: BookingRecord) => BookingRow {
  const insertBooking = db.prepare(tables.insertSql(tables.bookings))
  const insertHost = db.prepare(tables.insertSql(tables.bookingHosts))
  const columns = Object.keys(tables.bookings.columns) as Array<keyof BookingRow>
  return ({ hosts, ...booking }) => {
    const row = bookingRow(booking)
    insertBooking.run(columns.map((column) => row[column]))
    hosts.forEach((user, position) => insertHost.run(booking.id, user, position, row.starting_time, row.ends_at, row.status === 'canceled' ? 1 : 0))
    return row
  }
}

/**
 * The booking stored as `body`, as JSON, with each of `fields` replaced by the
 * object `resolve` gives for its ID. An ID that is null or empty, or that `resolve`
 * does not know, stays as it is.
 */
export function expandBody (body: string, fields: readonly BookingExpandable[], resolve: (field: BookingExpandable, id: string) => object | undefined): string {
  if (fields.length === 0) return body
  const booking = JSON.parse(body) as Record<string, unknown>
  for (const field of fields) {
    const id = booking[field]
    if (typeof id !== 'string' || id === '') continue
    booking[field] = resolve(field, id) ?? id
  }
  return JSON.stringify(booking)
}
