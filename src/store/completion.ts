import type { Database } from 'better-sqlite3'
import type { Clock } from '../clock.ts'
import { millis, timestamp } from '../time.ts'
import type { BookingWrites, Emit } from './booking-actions.ts'
import type { Booking } from './types.ts'

/** Completion for one store: `run` brings it up to date, `changed` says a booking was written. */
export interface Completion {
  /** Completes every scheduled or rescheduled booking that has ended by the clock; returns their IDs. */
  run(): string[]
  changed(): void
}

// Completion on the mock's clock (docs/where-the-mock-decides.md): a booking that
// has ended becomes completed, last updated at its end. Checked before every read
// of bookings, so it must cost next to nothing: the earliest end still pending is
// kept, and looked up again (one step into a partial index) only after a booking
// was written. The index is named: left to itself, SQLite prefers bookings_status
// and reads every pending booking.
/** Completion of the bookings of `db`, on `clock`. */
export function completer (db: Database, clock: Clock, writes: BookingWrites, emit: Emit): Completion {
  const PENDING = "FROM bookings INDEXED BY bookings_pending_end WHERE status IN ('scheduled', 'rescheduled')"
  const earliest = db.prepare(`SELECT min(ends_at) ${PENDING}`).pluck()
  const due = db.prepare(`SELECT body, ends_at ${PENDING} AND ends_at <= ? ORDER BY ends_at, id`)
  const completeAll = db.transaction((now: string) => {
    const ids: string[] = []
    for (const { body, ends_at: endsAt } of due.all(now) as Array<{ body: string, ends_at: string }>) {
      const booking: Booking = { ...JSON.parse(body) as Booking, status: 'completed', last_updated_time: endsAt }
      writes.update(booking)
      emit('booking.completed', booking)
      ids.push(booking.id)
    }
    return ids
  })
  // The earliest pending end, in milliseconds: undefined when not known since the
  // last write, null when nothing is pending. Compared as a number, so that a read
  // with nothing due writes no timestamp.
  let next: number | null | undefined
  return {
    changed: () => { next = undefined },
    run: () => {
      const now = clock.now()
      if (next === undefined) {
        const end = earliest.get() as string | null
        next = end === null ? null : millis(end)
      }
      return next === null || next > now ? [] : completeAll(timestamp(now))
    }
  }
}
