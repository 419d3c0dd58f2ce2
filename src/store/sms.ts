// SMS notifications: the list, and the notifications the mock's own booking changes
// send (sms-plan.ts says which). Reminders are written when their booking is
// scheduled, dated when they fall due; the list shows those the clock has passed,
// and a booking canceled or rescheduled drops the ones still ahead.

import type { Database } from 'better-sqlite3'
import type { Clock } from '../clock.ts'
import { timestamp } from '../time.ts'
import type { AccountRepository } from './account.ts'
import type { BookingEventType } from './events.ts'
import { Lister, type Page, type PageRequest, type Where } from './list.ts'
import { cancellationNotification, scheduledNotifications, smsId, userPhone, type SmsParties } from './sms-plan.ts'
import * as tables from './tables.ts'
import type { Booking, Contact, SmsNotification, SmsNotificationRecord, User } from './types.ts'

export interface SmsFilter {
  recipient?: string
  recipient_type?: 'contact' | 'user'
  times?: ReadonlyArray<{ op: '>' | '<', value: string }>
}

/** An SMS notification as the list sends it: its recipient expanded or not. */
export type ListedSms = Omit<SmsNotification, 'recipient'> & { recipient: string | Contact | User }

export interface SmsRepository {
  /** One page of the notifications sent by the clock, newest first; `expand` puts in live recipients. */
  list(filter: SmsFilter, page: PageRequest, expand: boolean): Page<ListedSms>
  /** Adds and drops the notifications that `type` happening to `booking` implies; inside the change's transaction. */
  bookingEvent(type: BookingEventType, booking: Booking): void
}

const SCHEDULED: ReadonlySet<BookingEventType> = new Set(['booking.scheduled', 'booking.rescheduled', 'booking.canceled_then_rescheduled'])
const CANCELED: ReadonlySet<BookingEventType> = new Set(['booking.canceled', 'booking.canceled_reschedule_requested'])

/** The SMS repository on `db`, on `clock`. */
export function createSmsRepository (db: Database, clock: Clock, account: AccountRepository): SmsRepository {
  const lister = new Lister(db, tables.smsNotifications.name, ['creation_time', 'id'])
  const insert = db.prepare(tables.insertSql(tables.smsNotifications))
  const exists = db.prepare('SELECT 1 FROM sms_notifications WHERE id = ?').pluck()
  const host = db.prepare('SELECT user_id FROM booking_hosts WHERE booking_id = ? AND position = 0').pluck()
  const userName = db.prepare("SELECT first_name || ' ' || last_name FROM users WHERE id = ?").pluck()
  const dropAhead = db.prepare('DELETE FROM sms_notifications WHERE booking = ? AND creation_time > ?')
  const moveAhead = db.prepare("UPDATE sms_notifications SET recipient = @host, details = json_set(details, '$.delivered_to', @phone) WHERE booking = @booking AND recipient_type = 'user' AND creation_time > @now")

  const parties = (booking: Booking): SmsParties => {
    const hostId = (host.get(booking.id) as string | undefined) ?? booking.owner
    return { contactPhone: booking.form_submission.mobile_phone, host: hostId, hostName: (userName.get(hostId) as string | undefined) ?? '' }
  }
  const add = (notification: SmsNotificationRecord) => {
    let id = notification.id
    for (let n = 2; exists.get(id) !== undefined; n++) id = smsId(`${notification.id} ${n}`)
    insert.run(tables.toRow(tables.smsNotifications, { ...notification, id }))
  }
  const recipientOf = (sms: SmsNotification): string | Contact | User =>
    (sms.recipient_type === 'contact' ? account.get('contacts', sms.recipient) : account.get('users', sms.recipient)) ?? sms.recipient

  return {
    list: (filter, page, expand) => {
      const where: Where = { clauses: ['creation_time <= ?'], values: [timestamp(clock.now())] }
      for (const name of ['recipient', 'recipient_type'] as const) {
        if (filter[name] === undefined) continue
        where.clauses.push(`${name} = ?`)
        where.values.push(filter[name])
      }
      for (const { op, value } of filter.times ?? []) {
        where.clauses.push(`creation_time ${op} ?`)
        where.values.push(value)
      }
      const result = lister.page(where, page, tables.selectList(tables.smsNotifications),
        (row) => tables.fromValues<SmsNotification>(tables.smsNotifications, row.slice(1)))
      return { ...result, data: result.data.map((sms) => expand ? { ...sms, recipient: recipientOf(sms) } : sms) }
    },
    bookingEvent: (type, booking) => {
      const nowMs = clock.now()
      const now = timestamp(nowMs)
      if (SCHEDULED.has(type)) {
        if (booking.rescheduled_booking_id !== '') dropAhead.run(booking.rescheduled_booking_id, now)
        for (const notification of scheduledNotifications(booking, parties(booking), nowMs, () => 'delivered')) add(notification)
      } else if (CANCELED.has(type)) {
        dropAhead.run(booking.id, now)
        const notification = cancellationNotification(booking, parties(booking), nowMs, 'delivered')
        if (notification !== undefined) add(notification)
      } else if (type === 'booking.reassigned') {
        const hostId = parties(booking).host
        moveAhead.run({ host: hostId, phone: userPhone(hostId), booking: booking.id, now })
      }
    }
  }
}
