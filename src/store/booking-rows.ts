// How a booking is stored: the columns that filters, ordering and completion read,
// and the booking's whole API JSON as one text, so that a read copies text rather
// than building an object from thirty columns and stringifying it again. `expand`
// replaces a value in that text; where each expandable value starts is stored
// with it, so nothing is searched for or parsed.

import { millis, timestamp } from '../time.ts'
import * as tables from './tables.ts'
import type { Booking } from './types.ts'

/** Every field of a booking, in the order the API writes them. */
export const BOOKING_FIELDS = [
  'object', 'id', 'tracking_id', 'subject', 'status', 'in_trash', 'creation_time', 'starting_time', 'customer_timezone',
  'last_updated_time', 'owner', 'duration_minutes', 'virtual_conferencing', 'location_description', 'rescheduled_booking_id',
  'cancel_reschedule_information', 'attendees', 'form_submission', 'booking_page', 'master_page', 'event_type', 'ics_url',
  'external_calendar', 'utm_params', 'contact', 'booking_calendar', 'cancel_url', 'reschedule_url', 'payment_information',
  'conversation', 'custom_fields'
] as const satisfies ReadonlyArray<keyof Booking>

/** The fields `expand` can replace by the object they name, in the order they appear. */
export const BOOKING_EXPANDABLE = ['owner', 'booking_page', 'master_page', 'event_type', 'contact', 'conversation'] as const
export type BookingExpandable = typeof BOOKING_EXPANDABLE[number]

const EXPANDABLE_INDEX: ReadonlyMap<string, number> = new Map(BOOKING_EXPANDABLE.map((field, i) => [field, i]))

/** A row of the bookings table: the columns queries read, the JSON, and the expandable values' offsets in it. */
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
  /** Where the value of each of BOOKING_EXPANDABLE starts in `body`, comma-separated. */
  expand_at: string
}

/** The row that stores `booking`; a field the booking lacks is an error. */
export function bookingRow (booking: Booking): BookingRow {
  // The parts joined once: `+=` would make a rope of sixty pieces, which V8 flattens
  // again wherever the text is copied (to SQLite, or to the main thread when seeding).
  const parts: string[] = []
  let length = 0
  const at: number[] = []
  for (const field of BOOKING_FIELDS) {
    const value = booking[field]
    if (value === undefined) throw new Error(`bookings.${field} is missing`)
    const key = `${length === 0 ? '{' : ','}"${field}":`
    length += key.length
    if (EXPANDABLE_INDEX.has(field)) at.push(length)
    const json = JSON.stringify(value)
    length += json.length
    parts.push(key, json)
  }
  parts.push('}')
  const body = parts.join('')
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
    body,
    expand_at: at.join(',')
  }
}

// A body starts with the first two of BOOKING_FIELDS, and IDs have nothing JSON escapes.
const ID_AT = '{"object":"booking","id":"'.length

/** The ID of the booking whose stored JSON is `body`, read without parsing it. */
export function bodyId (body: string): string {
  return body.slice(ID_AT, body.indexOf('"', ID_AT))
}

/** The values of `booking`'s row, in the order of the bookings table's columns (for positional inserts). */
export function bookingValues (booking: Booking): unknown[] {
  const row = bookingRow(booking)
  return Object.keys(tables.bookings.columns).map((column) => row[column as keyof BookingRow])
}

/**
 * `body` with each of `fields` replaced by the JSON `resolve` gives for its ID. An ID
 * that is null or empty, or that `resolve` does not know, stays as it is.
 */
export function expandBody (body: string, expandAt: string, fields: readonly BookingExpandable[], resolve: (field: BookingExpandable, id: string) => string | undefined): string {
  if (fields.length === 0) return body
  const starts = expandAt.split(',')
  // Replaced from the end, so that the offsets still ahead stay right.
  const order = [...fields].sort((a, b) => EXPANDABLE_INDEX.get(b)! - EXPANDABLE_INDEX.get(a)!)
  let out = body
  for (const field of order) {
    const start = Number(starts[EXPANDABLE_INDEX.get(field)!])
    if (out[start] !== '"') continue
    const end = out.indexOf('"', start + 1) + 1
    // IDs have no characters JSON escapes; one that had would be left unexpanded.
    const id = out.slice(start + 1, end - 1)
    if (id === '' || id.includes('\\')) continue
    const json = resolve(field, id)
    if (json !== undefined) out = out.slice(0, start) + json + out.slice(end)
  }
  return out
}
