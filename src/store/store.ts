// The data service: a SQLite database behind a few repositories (bookings, the
// account, webhooks, the dataset as a whole), knowing nothing of HTTP or of anything
// above it. The store a server holds can take up a whole new database at once
// (dataset.replace): its repositories are always those of the database served now.

import { renameSync } from 'node:fs'
import { Clock } from '../clock.ts'
import { randomId } from '../ids.ts'
import { timestamp } from '../time.ts'
import { createAccountRepository, type AccountRepository } from './account.ts'
import type { Emit } from './booking-actions.ts'
import type { Expansions } from './booking-reads.ts'
import { createBookingRepository, type BookingRepository } from './bookings.ts'
import { openDatabase, removeDatabase, temporaryPath } from './database.ts'
import { createDatasetRepository, type DatasetRepository } from './dataset.ts'
import { createSchedulingRepository, type SchedulingRepository } from './scheduling.ts'
import { bookingEvent, webhookBooking } from './events.ts'
import { createWebhookRepository, type WebhookRepository } from './webhooks.ts'
// Issue 20: writes of contacts and users, SMS notifications, conversations.
import { createContactRepository, type ContactRepository } from './contacts.ts'
import { createConversationRepository, type ConversationRepository, type EmitConversation } from './conversations.ts'
import { conversationEvent, webhookConversation } from './events.ts'
import { createSmsRepository, type SmsRepository } from './sms.ts'
import { createUserRepository, type UserRepository } from './users.ts'

export { SCHEMA_VERSION } from './database.ts'

export interface StoreWebhooks extends WebhookRepository {
  /** Sets the one function called whenever a delivery is queued: the app's dispatcher, cued. */
  onQueued(listener: () => void): void
}

export interface StoreDataset extends DatasetRepository {
  /**
   * Has `build` make a whole new database at the path it is given (by a worker,
   * while this one goes on serving), then takes it up at once: every repository
   * is then the new database's, and the old data is gone. If `build` fails,
   * nothing changes.
   */
  replace(build: (target: string) => Promise<void>): Promise<void>
}

export interface Store {
  /** The dataset's clock; dataset.saveClock() keeps its state. */
  readonly clock: Clock
  readonly bookings: BookingRepository
  readonly account: AccountRepository
  readonly scheduling: SchedulingRepository
  readonly webhooks: StoreWebhooks
  readonly dataset: StoreDataset
  /** Runs `change`, whose reads and writes span several repositories, as one transaction: all of it or nothing. */
  transaction<T>(change: () => T): T
  // Issue 20.
  readonly contacts: ContactRepository
  readonly users: UserRepository
  readonly sms: SmsRepository
  readonly conversations: ConversationRepository
  close(): void
}

export interface StoreOptions {
  /** Real time, for the clock; tests may pass their own. */
  realNow?: () => number
}

// The store on one database: what `replace` swaps.
type Served = Omit<Store, 'dataset'> & { dataset: StoreDataset }

/**
 * Opens (and if new, makes) a store: on the database file at `path`, or, for null,
 * on a database of its own that lives as long as the store (database.ts).
 */
export function createStore (path: string | null, options: StoreOptions = {}): Store {
  let queued = () => {}
  const open = (built?: string): Served => serve(path, built, options, () => queued(), (listener) => { queued = listener }, replace)
  let served = open()
  async function replace (build: (target: string) => Promise<void>): Promise<void> {
    // Built beside the database served: in the temporary folder, or beside the file.
    const target = path === null ? temporaryPath() : `${path}.reset`
    removeDatabase(target)
    try {
      await build(target)
    } catch (error) {
      removeDatabase(target)
      throw error
    }
    served.close()
    if (path !== null) {
      removeDatabase(path)
      renameSync(target, path)
    }
    served = open(path === null ? target : undefined)
  }
  return {
    get clock () { return served.clock },
    get bookings () { return served.bookings },
    get account () { return served.account },
    get scheduling () { return served.scheduling },
    get webhooks () { return served.webhooks },
    get dataset () { return served.dataset },
    transaction: (change) => served.transaction(change),
    get contacts () { return served.contacts },
    get users () { return served.users },
    get sms () { return served.sms },
    get conversations () { return served.conversations },
    close: () => served.close()
  }
}

// The repositories on one database: the file at `path`, or a database of the
// store's own (the one at `built`, or a new one).
function serve (path: string | null, built: string | undefined, options: StoreOptions, queued: () => void,
  onQueued: (listener: () => void) => void, replace: StoreDataset['replace']): Served {
  const db = path === null ? openDatabase(built ?? temporaryPath(), 'temporary') : openDatabase(path, 'file')
  const clock = new Clock(options.realNow)
  const account = createAccountRepository(db)
  const webhooks = createWebhookRepository(db, randomId, queued)
  const sms = createSmsRepository(db, clock, account)
  // Every change records its event in its own transaction; see webhooks.ts. A
  // booking's change also sends the SMS notifications it implies (sms.ts).
  const emit: Emit = (type, booking) => {
    sms.bookingEvent(type, booking)
    const nowMs = clock.now()
    const lookups = {
      getBookingPage: (id: string) => account.get('booking_pages', id),
      getMasterPage: (id: string) => account.get('master_pages', id),
      getEventType: (id: string) => account.get('event_types', id),
      getConversation: (id: string) => account.get('conversations', id)
    }
    webhooks.emit(type, () => bookingEvent(randomId('EVNT-', 10), type, timestamp(nowMs), webhookBooking(lookups, booking)), nowMs)
  }
  // A deleted owner or contact is expanded redacted, as OnceHub does.
  const expansions: Expansions = (field, id) => account.get(EXPANDS_TO[field], id) ??
    (field === 'owner' ? account.redacted('users', id) : field === 'contact' ? account.redacted('contacts', id) : undefined)
  const bookings = createBookingRepository(db, clock, emit, expansions)
  const dataset = createDatasetRepository(db, clock, account, () => {})
  const emitConversation: EmitConversation = (type, conversation) => {
    const nowMs = clock.now()
    const expand = <T>(resource: 'contacts' | 'users', id: string, live: T | undefined) =>
      live ?? account.redacted(resource, id) ?? { id, object: resource === 'users' ? 'user' as const : 'contact' as const, deleted: true as const }
    webhooks.emit(type, () => conversationEvent(randomId('EVNT-', 10), type, timestamp(nowMs), webhookConversation(conversation,
      expand('contacts', conversation.contact, account.get('contacts', conversation.contact)),
      expand('users', conversation.owner, account.get('users', conversation.owner)))), nowMs)
  }
  return {
    clock,
    bookings,
    account,
    scheduling: createSchedulingRepository(db),
    transaction: (change) => db.transaction(change)(),
    webhooks: { ...webhooks, onQueued },
    dataset: { ...dataset, replace },
    contacts: createContactRepository(db, clock, account),
    users: createUserRepository(db, clock, account),
    sms,
    conversations: createConversationRepository(db, clock, account, bookings, emitConversation),
    close: () => { db.close() }
  }
}

// The resource each expandable field of a booking names.
const EXPANDS_TO = {
  owner: 'users',
  booking_page: 'booking_pages',
  master_page: 'master_pages',
  event_type: 'event_types',
  contact: 'contacts',
  conversation: 'conversations'
} as const
