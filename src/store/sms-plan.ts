// The SMS notifications an account with SMS reminders sends about a booking
// (docs/where-the-mock-decides.md): a confirmation to the contact when it is scheduled, a
// reminder to the contact 24 hours before the meeting and one to its host an hour
// before, and a note of cancellation to the other side when it is canceled. The
// seeded data and the mock's own changes plan them the same way. Texts carry no
// dates, so a fixtures file moved to another reference date stays true.

import { createHash } from 'node:crypto'
import { ID_ALPHABET } from '../ids.ts'
import { HOUR, millis, timestamp } from '../time.ts'
import type { Booking, SmsNotificationRecord } from './types.ts'

export type SmsType = SmsNotificationRecord['type']
type Status = SmsNotificationRecord['status']

/** Who a booking's notifications go to: its contact's mobile phone (none when empty), its host and their names. */
export interface SmsParties {
  contactPhone: string
  host: string
  hostName: string
}

const phones = new Map<string, string>()

/** A user's mobile phone: users carry none in the API, so one is derived from the ID (always the same). */
export function userPhone (userId: string): string {
  let phone = phones.get(userId)
  if (phone === undefined) {
    const digest = createHash('sha256').update(`phone ${userId}`).digest()
    phone = `+1${2 + digest[0]! % 8}${[...digest.subarray(1, 10)].map((byte) => byte % 10).join('')}`
    // A few hundred users at most: kept for the process, cheaper than hashing each time.
    if (phones.size < 10_000) phones.set(userId, phone)
  }
  return phone
}

/**
 * An ID of `prefix` and 12 characters derived from `text`: the same text gives the
 * same ID. Two 53-bit string hashes (cyrb53) stand in for SHA-256, which made the
 * SMS notifications of a large dataset cost as much as its bookings to draw.
 */
export function smsId (text: string): string {
  let id = 'SMS-'
  for (const seed of [0x5345, 0x534d]) {
    let h1 = 0xdeadbeef ^ seed
    let h2 = 0x41c6ce57 ^ seed
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      h1 = Math.imul(h1 ^ c, 2654435761)
      h2 = Math.imul(h2 ^ c, 1597334677)
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
    let value = 4294967296 * (2097151 & h2) + (h1 >>> 0)
    for (let n = 0; n < 6; n++) {
      id += ID_ALPHABET[value % 36]
      value = Math.floor(value / 36)
    }
  }
  return id
}

/** How many SMS segments a text takes: 160 characters in one, 153 a segment beyond. */
export function segmentCount (text: string): number {
  return text.length <= 160 ? 1 : Math.ceil(text.length / 153)
}

function notification (booking: Booking, type: SmsType, to: 'contact' | 'user', parties: SmsParties, atMs: number, status: Status, body: string): SmsNotificationRecord {
  const recipient = to === 'contact' ? booking.contact : parties.host
  const creationTime = timestamp(atMs)
  return {
    object: 'sms_notification',
    id: smsId(`${booking.id} ${type} ${to} ${recipient}`),
    type,
    status,
    creation_time: creationTime,
    recipient,
    recipient_type: to,
    details: { delivered_to: to === 'contact' ? parties.contactPhone : userPhone(parties.host), message_body: body, segment_count: segmentCount(body) },
    booking: booking.id
  }
}

const link = (booking: Booking) => `https://oncehub.com/m/${booking.id}`

/**
 * The notifications of `booking` scheduled at `atMs`: the confirmation then, and the
 * reminders due before the meeting and after `atMs` (the ones still ahead of the
 * clock are listed once it passes them). `status` gives each one's outcome.
 */
export function scheduledNotifications (booking: Booking, parties: SmsParties, atMs: number, status: (type: SmsType) => Status): SmsNotificationRecord[] {
  const start = millis(booking.starting_time)
  const planned: SmsNotificationRecord[] = []
  const guest = booking.form_submission.name
  if (parties.contactPhone !== '') {
    planned.push(notification(booking, 'booking_confirmation', 'contact', parties, atMs, status('booking_confirmation'),
      `Your ${booking.subject} with ${parties.hostName} is confirmed. Details: ${link(booking)}`))
    if (start - 24 * HOUR > atMs) {
      planned.push(notification(booking, 'booking_reminder', 'contact', parties, start - 24 * HOUR, status('booking_reminder'),
        `Reminder: your ${booking.subject} with ${parties.hostName} starts in 24 hours. Details: ${link(booking)}`))
    }
  }
  if (start - HOUR > atMs) {
    planned.push(notification(booking, 'booking_reminder', 'user', parties, start - HOUR, status('booking_reminder'),
      `Reminder: ${booking.subject} with ${guest} starts in 1 hour.`))
  }
  return planned
}

/** The note of `booking`'s cancellation at `atMs`: to the contact when the user canceled, to the host when the customer did. */
export function cancellationNotification (booking: Booking, parties: SmsParties, atMs: number, status: Status): SmsNotificationRecord | undefined {
  const byCustomer = booking.cancel_reschedule_information.actioned_by === 'customer'
  if (!byCustomer && parties.contactPhone === '') return undefined
  const body = byCustomer
    ? `${booking.form_submission.name} canceled the ${booking.subject}.`
    : `Your ${booking.subject} with ${parties.hostName} was canceled. Details: ${link(booking)}`
  return notification(booking, 'booking_cancellation', byCustomer ? 'user' : 'contact', parties, atMs, status, body)
}
