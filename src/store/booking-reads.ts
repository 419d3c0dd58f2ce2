// Reading bookings as the API sends them: one booking or a page of them, as JSON
// text with `expand` applied, and the filters of GET /v2/bookings as SQL.

import type { Database } from 'better-sqlite3'
import { bodyId, expandBody, type BookingExpandable } from './booking-rows.ts'
import { Lister, type Page, type PageRequest, type Where } from './list.ts'
import * as tables from './tables.ts'
import type { Booking } from './types.ts'

export type BookingStatus = Booking['status']
export type TimeField = 'creation_time' | 'starting_time' | 'last_updated_time'

/** Every filter of GET /v2/bookings, already validated. */
export interface BookingFilter {
  status?: readonly BookingStatus[]
  owner?: string
  contact?: string
  booking_page?: string
  master_page?: string
  event_type?: string
  booking_calendar?: string
  host?: string
  /** Strict bounds on time fields, as canonical `YYYY-MM-DDTHH:MM:SSZ` strings. */
  times?: ReadonlyArray<{ field: TimeField, op: '>' | '<', value: string }>
}

/** A booking as JSON text, and its ID (for the Link header). */
export interface BookingJson {
  id: string
  json: string
}

export interface BookingReads {
  getBooking(id: string): Booking | undefined
  /** One page of bookings, each as its API JSON with `expand` applied: what GET /v2/bookings sends. */
  listBookingsJson(filter: BookingFilter, page: PageRequest, expand: readonly BookingExpandable[]): Page<BookingJson>
  /** A booking as its API JSON with `expand` applied: what GET /v2/bookings/{id} sends. */
  getBookingJson(id: string, expand: readonly BookingExpandable[]): string | undefined
  /** Forgets the expanded objects it kept (after a load). */
  forget(): void
}

// What each expandable field of a booking names.
const BOOKING_EXPANSIONS: Readonly<Record<BookingExpandable, tables.Table>> = {
  owner: tables.users,
  booking_page: tables.bookingPages,
  master_page: tables.masterPages,
  event_type: tables.eventTypes,
  contact: tables.contacts,
  conversation: tables.conversations
}

// Few and changed only by a reset: their expanded JSON is kept once made.
const KEPT_EXPANSIONS: ReadonlySet<BookingExpandable> = new Set(['owner', 'booking_page', 'master_page', 'event_type'])

const EQUALITY_FILTERS = ['owner', 'contact', 'booking_page', 'master_page', 'event_type', 'booking_calendar'] as const

/** Reads of the bookings of `db`; `getObject` reads the object a field expands to. */
export function createBookingReads (db: Database, getObject: (table: tables.Table, id: string) => object | undefined): BookingReads {
  const bookingLister = new Lister<BookingJson>(db, tables.bookings, ['creation_time', 'id'])
  const bodyOf = db.prepare('SELECT body, expand_at FROM bookings WHERE id = ?')
  const plainBodyOf = db.prepare('SELECT body FROM bookings WHERE id = ?').pluck()
  // The JSON of the objects bookings expand to, by field and ID.
  const kept = new Map<string, string | undefined>()
  // A resolver for one response: it makes each object's JSON once.
  const resolver = () => {
    const made = new Map<string, string | undefined>()
    return (field: BookingExpandable, id: string): string | undefined => {
      const key = `${field} ${id}`
      const memo = KEPT_EXPANSIONS.has(field) ? kept : made
      if (!memo.has(key)) {
        const object = getObject(BOOKING_EXPANSIONS[field], id)
        memo.set(key, object === undefined ? undefined : JSON.stringify(object))
      }
      return memo.get(key)
    }
  }
  const render = (body: string, expandAt: string, expand: readonly BookingExpandable[], resolve = resolver()) =>
    expandBody(body, expandAt, expand, resolve)

  return {
    getBooking: (id) => {
      const row = bodyOf.get(id) as { body: string } | undefined
      return row === undefined ? undefined : JSON.parse(row.body) as Booking
    },
    listBookingsJson: (filter, page, expand) => {
      // Only the JSON, and the expansion offsets when needed: each value read costs
      // better-sqlite3 a JS string, and the ID is at a fixed place in the JSON.
      if (expand.length === 0) {
        return bookingLister.pageOf(bookingWhere(filter), page, {
          columns: 'bookings.body',
          shape: 'pluck',
          map: (body) => ({ id: bodyId(body as string), json: body as string }),
          idOf: (body) => bodyId(body as string)
        })
      }
      const resolve = resolver()
      return bookingLister.pageOf(bookingWhere(filter), page, {
        columns: 'bookings.body, bookings.expand_at',
        shape: 'array',
        map: (row) => {
          const [body, expandAt] = row as [string, string]
          return { id: bodyId(body), json: render(body, expandAt, expand, resolve) }
        },
        idOf: (row) => bodyId((row as [string])[0])
      })
    },
    getBookingJson: (id, expand) => {
      // Without `expand`, only the JSON: each value read costs a JS string.
      if (expand.length === 0) return plainBodyOf.get(id) as string | undefined
      const row = bodyOf.get(id) as { body: string, expand_at: string } | undefined
      return row === undefined ? undefined : render(row.body, row.expand_at, expand)
    },
    forget: () => { kept.clear() }
  }
}

function bookingWhere (filter: BookingFilter): Where {
  const where: Where = { clauses: [], values: [] }
  if (filter.status !== undefined) {
    where.clauses.push(`status IN (${filter.status.map(() => '?').join(', ')})`)
    where.values.push(...filter.status)
  }
  for (const column of EQUALITY_FILTERS) {
    const value = filter[column]
    if (value === undefined) continue
    where.clauses.push(`${column} = ?`)
    where.values.push(value)
  }
  if (filter.host !== undefined) {
    where.clauses.push('id IN (SELECT booking_id FROM booking_hosts WHERE user_id = ?)')
    where.values.push(filter.host)
  }
  for (const { field, op, value } of filter.times ?? []) {
    where.clauses.push(`${field} ${op} ?`)
    where.values.push(value)
  }
  return where
}
