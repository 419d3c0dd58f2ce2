// The scheduling repository: users' working hours, the bookings that hold a host's
// time, who hosts a booking calendar, and one-time links. Free slots are computed
// above the store (src/scheduling/) from what this gives.

import type { Database } from 'better-sqlite3'
import { millis, timestamp } from '../time.ts'
import * as tables from './tables.ts'
import type { AvailabilityRecord } from './types.ts'

/** A span of time a host is taken, in milliseconds since the epoch: [start, end). */
export interface Busy {
  start: number
  end: number
}

/** A one-time link, and the booking it was used for (null while unused). */
export interface OneTimeLinkRecord {
  id: string
  /** The booking calendar or master page it books. */
  target: string
  url: string
  creation_time: string
  booking_form: Record<string, unknown> | null
  utm_params: Record<string, string | null> | null
  booking: string | null
}

export interface SchedulingRepository {
  /** The user's stored working hours, or undefined when none were ever set. */
  availability(userId: string): AvailabilityRecord | undefined
  setAvailability(record: AvailabilityRecord): void
  /** For each of `users`, the meetings they host that overlap [from, to), but for canceled ones. */
  busy(users: readonly string[], from: number, to: number): Map<string, Busy[]>
  /** The active users who take booking calendar `id`'s meetings (its host, or those of its host team's members assigned to it), by ID. */
  calendarHosts(id: string): string[]
  createLink(link: OneTimeLinkRecord): void
  link(id: string): OneTimeLinkRecord | undefined
  /** Marks the link used by `booking`. */
  useLink(id: string, booking: string): void
}

// No meeting lasts longer than a day: a meeting overlapping [from, to) starts after from - 1 day.
const LONGEST_MS = 24 * 3_600_000

/** The scheduling repository on `db`. */
export function createSchedulingRepository (db: Database): SchedulingRepository {
  const getAvailability = db.prepare(`SELECT ${tables.selectList(tables.schedulingAvailability)} FROM scheduling_availability WHERE user_id = ?`)
  const putAvailability = db.prepare(tables.insertSql(tables.schedulingAvailability, 'INSERT OR REPLACE'))
  // Every status but canceled holds the time: requested, scheduled and rescheduled
  // ones ahead, completed and no-show ones behind. One range of one index.
  const meetings = db.prepare(`SELECT starting_time, ends_at FROM booking_hosts
    WHERE user_id = ? AND starting_time >= ? AND starting_time < ? AND ends_at > ? AND canceled = 0`).raw()
  const hosts = db.prepare(`SELECT h.host_id FROM booking_calendar_hosts h JOIN users u ON u.id = h.host_id
    WHERE h.booking_calendar_id = ? AND h.assigned = 1 AND u.status = 'active' ORDER BY h.host_id`).pluck()
  const insertLink = db.prepare(tables.insertSql(tables.oneTimeLinks))
  const getLink = db.prepare(`SELECT ${tables.selectList(tables.oneTimeLinks)} FROM one_time_links WHERE id = ?`)
  const setLinkBooking = db.prepare('UPDATE one_time_links SET booking = ? WHERE id = ?')
  return {
    availability: (userId) => tables.fromFoundRow(tables.schedulingAvailability, getAvailability.get(userId)),
    setAvailability: (record) => { putAvailability.run(tables.toRow(tables.schedulingAvailability, record)) },
    busy: (users, from, to) => new Map(users.map((user) => [user,
      (meetings.all(user, timestamp(from - LONGEST_MS), timestamp(to), timestamp(from)) as Array<[string, string]>)
        .map(([start, end]) => ({ start: millis(start), end: millis(end) }))])),
    calendarHosts: (id) => hosts.all(id) as string[],
    createLink: (link) => { insertLink.run(tables.toRow(tables.oneTimeLinks, link as unknown as Record<string, unknown>)) },
    link: (id) => tables.fromFoundRow(tables.oneTimeLinks, getLink.get(id)),
    useLink: (id, booking) => { setLinkBooking.run(booking, id) }
  }
}
