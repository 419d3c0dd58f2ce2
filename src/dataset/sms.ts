// The SMS notifications of seeded bookings, planned as the mock's own changes plan
// them (store/sms-plan.ts): drawn from a Faker of their own, seeded from the
// dataset's seed, so that every draw the dataset made before they existed, and so
// every seeded ID, is what it was.

import type { Faker } from '@faker-js/faker'
import { millis } from '../time.ts'
import { cancellationNotification, scheduledNotifications, type SmsParties } from '../store/sms-plan.ts'
import type { BookingRecord, SmsNotificationRecord, User } from '../store/types.ts'
import { seededFaker } from './faker.ts'

type Status = SmsNotificationRecord['status']

/** The notifications of each seeded booking, drawn in the order the bookings are. */
export function smsDrawer (seed: number, users: readonly User[]): (booking: BookingRecord) => SmsNotificationRecord[] {
  const faker: Faker = seededFaker([seed, 20])
  const names = new Map(users.map((user) => [user.id, `${user.first_name} ${user.last_name}`]))
  const status = (): Status => faker.helpers.weightedArrayElement<Status>([
    { weight: 88, value: 'delivered' }, { weight: 6, value: 'sent' }, { weight: 4, value: 'failed' }, { weight: 2, value: 'rejected' }
  ])
  return (booking) => {
    // A request was never confirmed: nothing was sent about it.
    if (booking.status === 'requested') return []
    const host = booking.hosts[0] ?? booking.owner
    const parties: SmsParties = { contactPhone: booking.form_submission.mobile_phone, host, hostName: names.get(host) ?? '' }
    const scheduled = scheduledNotifications(booking, parties, millis(booking.creation_time), status)
    if (booking.status !== 'canceled') return scheduled
    // A canceled booking's reminders went out only until it was canceled.
    const canceledAt = millis(booking.last_updated_time)
    const sent = scheduled.filter((sms) => millis(sms.creation_time) < canceledAt)
    const note = cancellationNotification(booking, parties, canceledAt, status())
    return note === undefined ? sent : [...sent, note]
  }
}
