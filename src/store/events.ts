// What a webhook carries: OnceHub's event envelope around the webhook form of the
// booking, which differs from the REST one (OnceHub's BookingWebhookData): `owner`
// is an ID, `contact` and `utm_params` are left out, `cancel_reschedule_url` is in,
// `conversation` is always expanded, and so, as "included objects in webhooks are
// expanded by default", are `booking_page`, `master_page` and `event_type`.

import type { components } from '../openapi/types.gen.ts'
import type { Booking, BookingPage, Contact, Conversation, EventType, MasterPage, Redacted, User } from './types.ts'

type Schemas = components['schemas']
export type BookingWebhookData = Schemas['BookingWebhookData']
export type ConversationWebhookData = Schemas['ConversationWebhookData']
export type WebhookEvent = Schemas['WebhookEvent']

/** Every booking event OnceHub sends; `booking` subscribes to them all. */
export const BOOKING_EVENTS = [
  'booking.scheduled',
  'booking.rescheduled',
  'booking.reassigned',
  'booking.canceled_then_rescheduled',
  'booking.canceled_reschedule_requested',
  'booking.canceled',
  'booking.completed',
  'booking.no_show'
] as const
export type BookingEventType = typeof BOOKING_EVENTS[number]

/** Every conversation event OnceHub sends; `conversation` subscribes to them all. */
export const CONVERSATION_EVENTS = ['conversation.started', 'conversation.closed', 'conversation.abandoned'] as const
export type ConversationEventType = typeof CONVERSATION_EVENTS[number]

export interface Lookups {
  getBookingPage(id: string): BookingPage | undefined
  getMasterPage(id: string): MasterPage | undefined
  getEventType(id: string): EventType | undefined
  getConversation(id: string): Conversation | undefined
}

/** The booking as a webhook sends it. */
export function webhookBooking (lookups: Lookups, booking: Booking): BookingWebhookData {
  const { contact: _contact, utm_params: _utm, ...rest } = booking
  const expand = <T>(id: string | null, get: (id: string) => T | undefined): T | string | null =>
    id === null || id === '' ? id : get(id) ?? id
  const data: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(rest)) {
    data[key] = value
    if (key === 'rescheduled_booking_id') data.cancel_reschedule_url = `https://oncehub.com/m/${booking.id}`
  }
  data.booking_page = expand(booking.booking_page, lookups.getBookingPage)
  data.master_page = expand(booking.master_page, lookups.getMasterPage)
  data.event_type = expand(booking.event_type, lookups.getEventType)
  data.conversation = booking.conversation === null ? null : lookups.getConversation(booking.conversation) ?? null
  return data as BookingWebhookData
}

/** The envelope of one event. */
export function bookingEvent (id: string, type: BookingEventType, creationTime: string, data: BookingWebhookData): WebhookEvent {
  return { id, object: 'event', creation_time: creationTime, type, api_version: 'v2', data }
}

/**
 * The conversation as a webhook sends it (OnceHub's ConversationWebhookData): its
 * contact and owner expanded, redacted when deleted.
 */
export function webhookConversation (conversation: Conversation, contact: Contact | Redacted, owner: User | Redacted): ConversationWebhookData {
  return { ...conversation, contact, owner } as ConversationWebhookData
}

/** The envelope of one conversation event. */
export function conversationEvent (id: string, type: ConversationEventType, creationTime: string, data: ConversationWebhookData): WebhookEvent {
  return { id, object: 'event', creation_time: creationTime, type, api_version: 'v2', data }
}
