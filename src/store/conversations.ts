// Chatbot conversations played through the control API: started, then closed,
// abandoned, or ended with a booking. Each step is one transaction that records its
// event (conversation.started, .closed, .abandoned) in the same outbox as bookings'.

import type { Database } from 'better-sqlite3'
import type { Clock } from '../clock.ts'
import { errors } from '../errors.ts'
import { timestamp } from '../time.ts'
import type { AccountRepository } from './account.ts'
import type { BookingRepository } from './bookings.ts'
import type { ConversationEventType } from './events.ts'
import * as tables from './tables.ts'
import type { Booking, BookingRecord, Contact, Conversation } from './types.ts'

/** Records that `type` happened to `conversation` (as it now is), inside the change's transaction. */
export type EmitConversation = (type: ConversationEventType, conversation: Conversation) => void

export interface ConversationRepository {
  /** How many conversations the dataset has had. */
  count(): number
  /** Starts the conversation `build` makes around the contact `contact` finds or creates. */
  start(contact: () => Contact, build: (contact: Contact, now: string) => Conversation): Conversation
  close(id: string): Conversation
  abandon(id: string): Conversation
  /** Ends a started conversation with the booking `booking` makes for it. */
  book(id: string, booking: (conversation: Conversation) => BookingRecord): { conversation: Conversation, booking: Booking }
}

/** The conversations of `db`; `bookings` makes the bookings they end with. */
export function createConversationRepository (db: Database, clock: Clock, account: AccountRepository, bookings: BookingRepository, emit: EmitConversation): ConversationRepository {
  const insert = db.prepare(tables.insertSql(tables.conversations))
  const count = db.prepare('SELECT count(*) FROM conversations').pluck()
  const replace = db.prepare(tables.insertSql(tables.conversations, 'INSERT OR REPLACE'))
  const started = (id: string, action: 'closed' | 'abandoned' | 'booked'): Conversation => {
    const conversation = account.get('conversations', id)
    if (conversation === undefined) throw errors.noSuchObject('conversation', id)
    if (conversation.status !== 'started') throw errors.conversationNotStarted(id, action)
    return conversation
  }
  const end = (conversation: Conversation, status: 'closed' | 'abandoned', bookingIds = conversation.bookings): Conversation => {
    const now = timestamp(clock.now())
    const ended: Conversation = { ...conversation, status, last_updated_time: now, last_interacted_time: now, bookings: bookingIds }
    replace.run(tables.toRow(tables.conversations, ended))
    emit(status === 'closed' ? 'conversation.closed' : 'conversation.abandoned', ended)
    return ended
  }
  return {
    count: () => count.get() as number,
    start: db.transaction((contact: () => Contact, build: (contact: Contact, now: string) => Conversation) => {
      const conversation = build(contact(), timestamp(clock.now()))
      insert.run(tables.toRow(tables.conversations, conversation))
      emit('conversation.started', conversation)
      return conversation
    }),
    close: db.transaction((id: string) => end(started(id, 'closed'), 'closed')),
    abandon: db.transaction((id: string) => end(started(id, 'abandoned'), 'abandoned')),
    book: db.transaction((id: string, make: (conversation: Conversation) => BookingRecord) => {
      const conversation = started(id, 'booked')
      const { booking } = bookings.insert(make(conversation))
      return { conversation: end(conversation, 'closed', [...conversation.bookings, booking.id]), booking }
    })
  }
}
