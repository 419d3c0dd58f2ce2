// Reading bookings as the API sends them: one booking or a page of them, as JSON
// text with `expand` applied, and the filters of GET /v2/bookings as SQL.

import type { Database } from 'better-sqlite3'
import { expandBody, type BookingExpandable } from './booking-rows.ts'
import { Lister, type Page, type PageRequest, type Where } from './list.ts'
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

/** The object each expandable field names, by that field and the object's ID. */
export type Expansions = (field: BookingExpandable, id: string) => object | undefined

export interface BookingReads {
  get(id: string): Booking | undefined
  /** A booking as its API JSON with `expand` applied: what GET /v2/bookings/{id} sends. */
  json(id: string, expand: readonly BookingExpandable[]): string | undefined
  /** One page of bookings, each as its API JSON with `expand` applied: what GET /v2/bookings sends. */
  list(filter: BookingFilter, page: PageRequest, expand: readonly BookingExpandable[]): Page<BookingJson>
}

const EQUALITY_FILTERS = ['owner', 'contact', 'booking_page', 'master_page', 'event_type', 'booking_calendar'] as const

/** Reads of the bookings of `db`; `expansions` finds the objects `expand` puts in. */
export function createBookingReads (db: Database, expansions: Expansions): BookingReads {
  const lister = new Lister(db, 'bookings', ['creation_time', 'id'])
  const bodyOf = db.prepare('SELECT body FROM bookings WHERE id = ?').pluck()
  // Each object an answer expands is looked up once, however many bookings name it.
  const remembered = (): Expansions => {
    const found = new Map<string, object | undefined>()
    return (field, id) => {
      const key = `${field} ${id}`
      if (!found.has(key)) found.set(key, expansions(field, id))
      return found.get(key)
    }
  }
  return {
    get: (id) => {
      const body = bodyOf.get(id) as string | undefined
      return body === undefined ? undefined : JSON.parse(body) as Booking
    },
    json: (id, expand) => {
      const body = bodyOf.get(id) as string | undefined
      return body === undefined ? undefined : expandBody(body, expand, remembered())
    },
    list: (filter, page, expand) => {
      const resolve = remembered()
      return lister.page(bookingWhere(filter), page, 'body', (row) => {
        const [id, body] = row as [string, string]
        return { id, json: expandBody(body, expand, resolve) }
      })
    }
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
