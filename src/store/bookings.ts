// The bookings repository: reads with `expand`, every change, and completion on the
// dataset's clock, which brings bookings up to date before any read or change.

import type { Database } from 'better-sqlite3'
import type { Clock } from '../clock.ts'
import { createBookingActions, type BookingActions, type BookingWrites, type Emit } from './booking-actions.ts'
import { createBookingReads, type BookingReads, type Expansions } from './booking-reads.ts'
import { bookingInserter, bookingRow } from './booking-rows.ts'
import { completer } from './completion.ts'
import type { Booking } from './types.ts'

export interface BookingRepository extends BookingReads, BookingActions {
  /** Completes every scheduled or rescheduled booking that has ended by the clock; returns their IDs. */
  completeEnded(): string[]
}

/** The bookings of `db`, on `clock`; `emit` records events, `expansions` finds what `expand` puts in. */
export function createBookingRepository (db: Database, clock: Clock, emit: Emit, expansions: Expansions): BookingRepository {
  const insert = bookingInserter(db)
  // Only what a change to a booking can change: each indexed column set costs an
  // index update, and owner, pages, contact and meeting times are fixed once made.
  const updateBooking = db.prepare('UPDATE bookings SET status = @status, last_updated_time = @last_updated_time, body = @body WHERE id = @id')
  const updateHosts = db.prepare('UPDATE booking_hosts SET canceled = ? WHERE booking_id = ? AND canceled <> ?')
  // Every write of a booking row goes through here, so completion knows to look again.
  const writes: BookingWrites = {
    insert: (record) => {
      const { body } = insert(record)
      completion.changed()
      return { booking: JSON.parse(body) as Booking, json: body }
    },
    update: (booking) => {
      const { id, status, last_updated_time: lastUpdated, body } = bookingRow(booking)
      updateBooking.run({ id, status, last_updated_time: lastUpdated, body })
      const canceled = status === 'canceled' ? 1 : 0
      updateHosts.run(canceled, id, canceled)
      completion.changed()
      return { booking, json: body }
    }
  }
  const reads = createBookingReads(db, expansions)
  const completion = completer(db, clock, writes, emit)
  const actions = createBookingActions(db, clock, reads.get, completion.run, emit, writes)
  // Reads see completion first: a booking whose end has passed is completed.
  const completed = <A extends unknown[], R>(read: (...args: A) => R) => (...args: A): R => {
    completion.run()
    return read(...args)
  }
  return {
    ...actions,
    get: completed(reads.get),
    json: completed(reads.json),
    list: completed(reads.list),
    completeEnded: completion.run
  }
}
