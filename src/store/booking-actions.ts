// Every change to a booking, each in one transaction: the API's actions (cancel,
// request-reschedule, no-show, reassign) and the mock's controls (create, the
// customer cancelling or rescheduling). better-sqlite3 runs a transaction to its
// end before any other request is served, so parallel actions on one booking see
// each other's result: one succeeds, the rest get the conflict.

import type { Database } from 'better-sqlite3'
import { createHash } from 'node:crypto'
import type { Clock } from '../clock.ts'
import { errors } from '../errors.ts'
import { timestamp } from '../time.ts'
import type { BookingEventType } from './events.ts'
import type { Booking, BookingRecord, User } from './types.ts'

/** Records that `type` happened to `booking` (as it now is), inside the change's transaction. */
export type Emit = (type: BookingEventType, booking: Booking) => void

/** A booking as a change left it: the object, and its API JSON as stored. */
export interface StoredBooking {
  booking: Booking
  json: string
}

/** How actions write bookings: every write of a booking row goes through here. */
export interface BookingWrites {
  /** Adds a booking and its hosts. */
  insert(record: BookingRecord): StoredBooking
  /** Stores `booking` as it now is: its status, last update and content (owner, pages, contact and meeting times never change). */
  update(booking: Booking): StoredBooking
}

/** Statuses from which a booking can still be canceled, by the user or the customer. */
export const CANCELABLE: ReadonlySet<Booking['status']> = new Set(['requested', 'scheduled', 'rescheduled'])

// The event a booking created through the control API sends: the one its status implies.
const CREATED_EVENT: Record<Booking['status'], BookingEventType | null> = {
  requested: null,
  scheduled: 'booking.scheduled',
  rescheduled: 'booking.rescheduled',
  completed: 'booking.completed',
  canceled: 'booking.canceled',
  no_show: 'booking.no_show'
}

export type VirtualProvider = 'google_meet' | 'microsoft_teams' | 'webex' | 'gotomeeting' | 'zoom'

/** Every change to bookings; each returns the booking as it stored it. */
export interface BookingActions {
  cancel(id: string, reason: string): StoredBooking
  requestReschedule(id: string, reason: string): StoredBooking
  noShow(id: string): StoredBooking
  /** The user approves a requested booking. */
  approve(id: string): StoredBooking
  reassign(id: string, newHost: string, location?: { type: 'virtual', value: VirtualProvider }): StoredBooking
  /** Adds a whole booking (the control API fills in what its caller left out). */
  insert(booking: BookingRecord): StoredBooking
  customerCancel(id: string, reason: string): StoredBooking
  /** The customer books `replacement` instead of booking `id`, which is canceled. */
  customerReschedule(id: string, reason: string, replacement: (old: Booking, hosts: string[], now: string) => BookingRecord): { canceled: StoredBooking, rescheduled: StoredBooking }
}

/** The booking actions on `db`; `complete` brings completion up to date first. */
export function createBookingActions (db: Database, clock: Clock, getBooking: (id: string) => Booking | undefined, complete: () => unknown, emit: Emit, writes: BookingWrites): BookingActions {
  const hostsOf = db.prepare('SELECT user_id FROM booking_hosts WHERE booking_id = ? ORDER BY position').pluck()
  const setHost = db.prepare('UPDATE booking_hosts SET user_id = @user WHERE booking_id = @id AND position = 0')
  const dropHost = db.prepare('DELETE FROM booking_hosts WHERE booking_id = ? AND user_id = ? AND position > 0')
  // A deleted user counts as inactive: it can no longer be given bookings.
  const getUser = db.prepare("SELECT id, email, CASE WHEN deleted_time IS NULL THEN status ELSE 'deleted' END AS status FROM users WHERE id = ?")
  // A reschedule request leaves the booking as a plain cancel does: only this table tells them apart.
  const addRequest = db.prepare('INSERT INTO reschedule_requests (booking_id, requested_time) VALUES (?, ?)')
  const takeRequest = db.prepare('DELETE FROM reschedule_requests WHERE booking_id = ?')

  // Reads the booking inside the transaction, after completion has caught up.
  const load = (id: string): Booking => {
    complete()
    const booking = getBooking(id)
    if (booking === undefined) throw errors.noSuchObject('booking', id)
    return booking
  }
  const now = () => timestamp(clock.now())
  // Stores the changed booking and records its event.
  const save = (booking: Booking, event: BookingEventType | null): StoredBooking => {
    const stored = writes.update(booking)
    if (event !== null) emit(event, stored.booking)
    return stored
  }
  const cancelAs = (booking: Booking, reason: string, by: 'user' | 'customer', event: BookingEventType | null) =>
    save({
      ...booking,
      status: 'canceled',
      cancel_reschedule_information: { reason, actioned_by: by, user_id: by === 'user' ? booking.owner : '' },
      last_updated_time: now()
    }, event)
  // A status change allowed from one status only, keeping the cancellation details.
  const moveStatus = (id: string, from: Booking['status'], to: Booking['status'], refusal: (id: string) => Error, event: BookingEventType) => {
    const booking = load(id)
    if (booking.status !== from) throw refusal(id)
    return save({ ...booking, status: to, last_updated_time: now() }, event)
  }
  const insert = (record: BookingRecord, event: BookingEventType | null): StoredBooking => {
    if (getBooking(record.id) !== undefined) throw errors.bookingExists(record.id)
    const stored = writes.insert(record)
    if (event !== null) emit(event, stored.booking)
    return stored
  }

  return {
    cancel: db.transaction((id: string, reason: string) => {
      const booking = load(id)
      if (!CANCELABLE.has(booking.status)) throw errors.cannotCancel(id)
      if (booking.payment_information !== null) throw errors.paidCancel()
      return cancelAs(booking, reason, 'user', 'booking.canceled')
    }),
    requestReschedule: db.transaction((id: string, reason: string) => {
      const booking = load(id)
      if (!CANCELABLE.has(booking.status)) throw errors.cannotCancel(id)
      if (booking.payment_information !== null) throw errors.paidReschedule()
      addRequest.run(id, now())
      return cancelAs(booking, reason, 'user', 'booking.canceled_reschedule_requested')
    }),
    noShow: db.transaction((id: string) => moveStatus(id, 'completed', 'no_show', errors.cannotNoShow, 'booking.no_show')),
    approve: db.transaction((id: string) => moveStatus(id, 'requested', 'scheduled', errors.cannotApprove, 'booking.scheduled')),
    reassign: db.transaction((id: string, newHost: string, location?: { type: 'virtual', value: VirtualProvider }) => {
      const booking = load(id)
      const user = getUser.get(newHost) as Pick<User, 'id' | 'email' | 'status'> | undefined
      if (user === undefined) throw errors.noSuchObject('user', newHost, 'new_host')
      if (user.status !== 'active') throw errors.userInactive()
      const [host] = hostsOf.all(id) as string[]
      if (host === newHost) throw errors.sameHost()
      if (!CANCELABLE.has(booking.status)) throw errors.cannotReassign()
      const previous = getUser.get(host) as Pick<User, 'email'> | undefined
      dropHost.run(id, newHost)
      setHost.run({ id, user: newHost })
      return save({
        ...booking,
        attendees: replaceAttendee(booking.attendees, previous?.email, user.email),
        virtual_conferencing: location ? { join_url: joinUrl(location.value, id, now()) } : booking.virtual_conferencing,
        location_description: location ? '' : booking.location_description,
        last_updated_time: now()
      }, 'booking.reassigned')
    }),
    insert: db.transaction((booking: BookingRecord) => insert(booking, CREATED_EVENT[booking.status])),
    customerCancel: db.transaction((id: string, reason: string) => {
      const booking = load(id)
      if (!CANCELABLE.has(booking.status)) throw errors.cannotCancel(id)
      return cancelAs(booking, reason, 'customer', 'booking.canceled')
    }),
    customerReschedule: db.transaction((id: string, reason: string, replacement: (old: Booking, hosts: string[], now: string) => BookingRecord) => {
      const booking = load(id)
      // After a user's reschedule request the booking is already canceled, and the
      // customer books again from the request (once).
      const requested = booking.status === 'canceled' && takeRequest.run(id).changes > 0
      if (!CANCELABLE.has(booking.status) && !requested) throw errors.cannotCancel(id)
      const next = replacement(booking, hostsOf.all(id) as string[], now())
      // On the same page with the same user it is a reschedule; elsewhere OnceHub
      // calls it a cancellation followed by a new booking. A request sends nothing.
      const same = next.owner === booking.owner && next.booking_page === booking.booking_page && next.booking_calendar === booking.booking_calendar
      const event = next.status === 'requested' ? null : same ? 'booking.rescheduled' : 'booking.canceled_then_rescheduled'
      const canceled = requested ? { booking, json: JSON.stringify(booking) } : cancelAs(booking, reason, 'customer', null)
      return { canceled, rescheduled: insert(next, event) }
    })
  }
}

/** `attendees` with `from` (the old host's email) replaced by `to`; when `to` already attends, `from` just leaves. */
export function replaceAttendee (attendees: readonly string[], from: string | undefined, to: string): string[] {
  if (from === undefined || from === to || !attendees.includes(from)) return [...attendees]
  return attendees.includes(to) ? attendees.filter((email) => email !== from) : attendees.map((email) => email === from ? to : email)
}

/**
 * A meeting link of the provider's shape, derived from the booking and the time so
 * that the same request on the same clock gives the same link.
 */
export function joinUrl (provider: VirtualProvider, id: string, at: string): string {
  const digest = createHash('sha256').update(`${id} ${at}`).digest()
  const digits = [...digest.subarray(0, 10)].map((byte) => byte % 10).join('')
  const letters = [...digest.subarray(10, 20)].map((byte) => String.fromCharCode(97 + byte % 26)).join('')
  switch (provider) {
    case 'google_meet': return `https://meet.google.com/${letters.slice(0, 3)}-${letters.slice(3, 7)}-${letters.slice(7, 10)}`
    case 'zoom': return `https://zoom.us/j/${digits}`
    case 'microsoft_teams': return `https://teams.microsoft.com/l/meetup-join/${letters}${digits}`
    case 'webex': return `https://meet.webex.com/meet/j${digits}`
    case 'gotomeeting': return `https://meet.goto.com/${digits.slice(0, 9)}`
  }
}
