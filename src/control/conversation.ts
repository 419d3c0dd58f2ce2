// A website visitor talking to a chatbot, for POST /_mock/conversations: who the
// contact is (given, found by email, or made), who owns the conversation, and what
// was asked and answered. What is left out is drawn from a Faker seeded by the
// dataset and how many conversations it has, so the same calls give the same data.

import type { Faker } from '@faker-js/faker'
import { errors } from '../errors.ts'
import { seededFaker } from '../dataset/faker.ts'
import { derivedId } from '../ids.ts'
import type { components } from '../openapi/types.gen.ts'
import type { Store } from '../store/store.ts'
import type { BookingRecord, Contact, Conversation } from '../store/types.ts'
import type { BookingInput } from './new-booking.ts'

export type ConversationInput = components['schemas']['ConversationStartRequest']

const VISITOR_FIELDS = ['email', 'first_name', 'last_name', 'mobile_phone'] as const

/** Starts the conversation `input` describes: its contact is found or made in the same transaction. */
export function startConversation (store: Store, input: ConversationInput): Conversation {
  const count = store.conversations.count()
  const faker = seededFaker([store.dataset.info().seed, count, 20])
  if (input.contact !== undefined && VISITOR_FIELDS.some((field) => input[field] !== undefined)) {
    throw errors.invalidValue('contact', `give either contact or the visitor's ${VISITOR_FIELDS.join(', ')}`)
  }
  const owner = ownerOf(store, faker, input.owner)
  const first = input.first_name ?? faker.person.firstName()
  const last = input.last_name ?? faker.person.lastName()
  const email = input.email ?? (input.mobile_phone === undefined ? faker.internet.email({ firstName: first, lastName: last, provider: 'example.net' }).toLowerCase() : undefined)
  const bot = `BOT-${faker.string.alphanumeric({ length: 10, casing: 'upper' })}`
  const website = `WEB-${faker.string.alphanumeric({ length: 10, casing: 'upper' })}`
  const contact = (): Contact => {
    if (input.contact !== undefined) {
      const found = store.account.get('contacts', input.contact)
      if (found === undefined) throw errors.noSuchObject('contact', input.contact, 'contact')
      return found
    }
    const visitor = { first_name: first, last_name: last, ...(input.mobile_phone === undefined ? {} : { mobile_phone: input.mobile_phone }) }
    return email === undefined ? store.contacts.create(visitor) : store.contacts.findOrCreate({ ...visitor, email }).contact
  }
  return store.conversations.start(contact, (found, now) => {
    const id = derivedId('CVR-', 10, `conversation ${store.dataset.info().seed} ${count}`)
    const answers = input.answers ?? [
      { question: 'Full name', value: [found.first_name, found.last_name].filter(Boolean).join(' ') },
      { question: found.email === '' ? 'Mobile phone' : 'Email', value: found.email === '' ? found.mobile_phone ?? '' : found.email }
    ]
    return {
      id,
      object: 'conversation',
      creation_time: now,
      initiated_by: input.initiated_by ?? 'contact',
      last_updated_time: now,
      last_interacted_time: now,
      contact: found.id,
      owner,
      status: 'started',
      bot,
      website,
      audience: null,
      answers: answers.map((answer, i) => ({ id: derivedId('INT-', 10, `${id} ${i}`), internal_label: '', ...answer })),
      bookings: []
    }
  })
}

/**
 * The booking a started conversation ends with: `input` as POST /_mock/bookings takes
 * it, with the conversation's contact, and its owner when they own a booking page and
 * `input` places the booking nowhere itself.
 */
export function conversationBooking (store: Store, conversation: Conversation, input: BookingInput, newBooking: (store: Store, input: BookingInput) => BookingRecord): BookingRecord {
  for (const [field, value] of [['contact', conversation.contact], ['conversation', conversation.id]] as const) {
    if (input[field] !== undefined && input[field] !== value) throw errors.invalidValue(field, `the booking of conversation '${conversation.id}' has ${field} '${value}'`)
  }
  const placed = input.owner !== undefined || input.booking_page !== undefined || input.booking_calendar !== undefined || input.hosts !== undefined
  const owner = !placed && store.account.bookingPagesOf(conversation.owner).length > 0 ? { owner: conversation.owner } : {}
  return newBooking(store, { ...owner, ...input, contact: conversation.contact, conversation: conversation.id })
}

// The user the conversation is routed to: active, given or drawn.
function ownerOf (store: Store, faker: Faker, given: string | undefined): string {
  if (given === undefined) {
    const owners = store.account.pageOwners()
    const drawn = owners.at(faker.number.int({ min: 0, max: Math.max(0, owners.count - 1) }))
    if (drawn === undefined) throw errors.invalidValue('owner', 'the dataset has no active user to choose from')
    return drawn.id
  }
  const user = store.account.get('users', given)
  if (user === undefined && store.account.redacted('users', given) === undefined) throw errors.noSuchObject('user', given, 'owner')
  if (user?.status !== 'active') throw errors.userInactive('owner')
  return given
}
