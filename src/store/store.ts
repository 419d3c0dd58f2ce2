// The data service: a better-sqlite3 database holding one dataset, and the
// repositories that read it. It knows nothing of HTTP. Every Store is its own
// object with its own database, so one process can hold several.

import type Database from 'better-sqlite3'
import { renameSync } from 'node:fs'
import { Clock, type ClockState } from '../clock.ts'
import { createBookingActions, type BookingActions, type BookingWrites, type Emit } from './booking-actions.ts'
import { createBookingReads, type BookingReads } from './booking-reads.ts'
import { bookingRow, bookingValues } from './booking-rows.ts'
import { completer, type Completion } from './completion.ts'
import { startCheckpointer } from './checkpointer.ts'
import { GroupCommit } from './group-commit.ts'
import { openDatabase, removeDatabase, temporaryPath } from './database.ts'
import { createLoader, type Loader } from './loader.ts'
import { createWebhookRepository, type WebhookRepository } from './webhooks.ts'
import { createResourceRepository, type ResourceRepository } from './resources.ts'
import { randomId } from '../ids.ts'
import { bookingEvent, webhookBooking } from './events.ts'
import * as tables from './tables.ts'
import { timestamp } from '../time.ts'
import type { BookingPage, Contact, Conversation, EventType, MasterPage, Team, User } from './types.ts'

/** What the meta table records about the loaded dataset. */
export interface DatasetInfo {
  /** The account administrator's email, which GET /v2/test names. */
  accountEmail: string
  seed: number
  referenceDate: string
  bookings: number
}

export interface Store {
  readonly db: Database.Database
  /** The dataset's clock; saveClock() keeps its state in the database. */
  readonly clock: Clock
  saveClock(): void
  /** Completes every scheduled or rescheduled booking that has ended by the clock; returns their IDs. */
  completeEndedBookings: Completion['run']
  /** Every change to bookings: the API's actions and the mock's controls. */
  readonly actions: BookingActions
  /** Resolves when every change made so far is committed to the WAL; undefined when none waits (see group-commit.ts). */
  settled(): Promise<void> | undefined
  /** Webhook subscriptions, the events emitted and their deliveries. */
  readonly webhooks: WebhookRepository
  /** Users, teams, booking pages, master pages, event types and contacts, read-only. */
  readonly resources: ResourceRepository
  /** True when the database holds no dataset yet. */
  isEmpty(): boolean
  /** Replaces everything with `dataset`, in one transaction. */
  load: Loader['load']
  loadDrawn: Loader['loadDrawn']
  info(): DatasetInfo
  getBooking: BookingReads['getBooking']
  listBookingsJson: BookingReads['listBookingsJson']
  getBookingJson: BookingReads['getBookingJson']
  getUser(id: string): User | undefined
  getTeam(id: string): Team | undefined
  getBookingPage(id: string): BookingPage | undefined
  getMasterPage(id: string): MasterPage | undefined
  getEventType(id: string): EventType | undefined
  getContact(id: string): Contact | undefined
  getConversation(id: string): Conversation | undefined
  /**
   * Has `build` make a whole new database at the path it is given (by a worker,
   * while this store goes on serving), then takes it up at once: this store's
   * members become those of a store on the new database, and the old data is gone.
   * If `build` fails, nothing changes.
   */
  replace(this: Store, build: (target: string) => Promise<void>): Promise<void>
  close(): void
}

export interface StoreOptions {
  /** Real time, for the clock; tests may pass their own. */
  realNow?: () => number
}

export { SCHEMA_VERSION } from './database.ts'

// What the successive stores of one server share: who is told when a delivery is queued.
interface Shared {
  queued: () => void
}

/**
 * Opens (and if new, makes) a store: on the database file at `path`, or, for null,
 * on a database of its own that lives as long as the store (database.ts). `built`
 * is a database a worker made, to open as the store's own.
 */
export function createStore (path: string | null, options: StoreOptions = {}, shared: Shared = { queued: () => {} }, built?: string): Store {
  const db = path === null ? openDatabase(built ?? temporaryPath(), 'temporary') : openDatabase(path, 'file')
  // A file in WAL mode is checkpointed off the event loop (checkpointer.ts).
  const checkpointer = path !== null && db.pragma('journal_mode', { simple: true }) === 'wal' ? startCheckpointer(db, path) : undefined

  // One prepared read by ID for each table of API objects (bookings have their own).
  const byId = new Map(tables.ALL_TABLES.filter((table) => 'id' in table.columns && table !== tables.bookings)
    .map((table) => [table, db.prepare(`SELECT ${tables.selectList(table)} FROM ${table.name} WHERE id = ?`)]))
  const objectOf = <T>(table: tables.Table, id: string): T | undefined => {
    const row = byId.get(table)!.get(id) as Record<string, unknown> | undefined
    return row === undefined ? undefined : tables.fromRow<T>(table, row)
  }
  const getter = <T>(table: tables.Table) => (id: string) => objectOf<T>(table, id)
  const reads = createBookingReads(db, objectOf)
  const metaGet = db.prepare('SELECT value FROM meta WHERE key = ?').pluck()

  const resources = createResourceRepository(db)
  const loader = createLoader(db, resources, () => {
    reads.forget()
    completion.changed()
  })
  const insertBooking = db.prepare(tables.insertSql(tables.bookings))
  const insertHost = db.prepare(tables.insertSql(tables.bookingHosts))
  // Only what a change to a booking can change: each indexed column set costs an
  // index update, and owner, pages, contact and meeting times are fixed once made.
  const updateBooking = db.prepare(`UPDATE bookings SET status = @status, last_updated_time = @last_updated_time,
    body = @body, expand_at = @expand_at WHERE id = @id`)
  // Every write of a booking row goes through here, so completion knows to look again.
  const writes: BookingWrites = {
    insert: (record) => {
      const { hosts, ...booking } = record
      insertBooking.run(bookingValues(booking))
      hosts.forEach((user, position) => insertHost.run(booking.id, user, position))
      completion.changed()
    },
    update: (booking) => {
      const { id, status, last_updated_time: lastUpdated, body, expand_at: expandAt } = bookingRow(booking)
      updateBooking.run({ id, status, last_updated_time: lastUpdated, body, expand_at: expandAt })
      completion.changed()
    }
  }

  const clock = new Clock(options.realNow)
  const savedClock = metaGet.get('clock') as string | undefined
  if (savedClock !== undefined) clock.restore(JSON.parse(savedClock) as ClockState)
  const saveClock = db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('clock', ?)")
  const { getBooking } = reads
  const lookups = {
    getBookingPage: getter<BookingPage>(tables.bookingPages),
    getMasterPage: getter<MasterPage>(tables.masterPages),
    getEventType: getter<EventType>(tables.eventTypes),
    getConversation: getter<Conversation>(tables.conversations)
  }
  const webhooks = createWebhookRepository(db, randomId)
  webhooks.onQueued(() => shared.queued())
  // Every change records its event in its own transaction; see webhooks.ts.
  const emit: Emit = (type, booking) => {
    const nowMs = clock.now()
    webhooks.emit(type, () => bookingEvent(randomId('EVNT-', 10), type, timestamp(nowMs), webhookBooking(lookups, booking)), nowMs)
  }
  const completion = completer(db, clock, writes, emit)
  const actions = createBookingActions(db, clock, getBooking, completion.run, emit, writes)
  // Memory has no WAL: only a file database groups its commits.
  const group = path === null ? undefined : new GroupCommit(db, completion.changed)

  return {
    db,
    clock,
    saveClock: () => { saveClock.run(JSON.stringify(clock.state())) },
    completeEndedBookings: completion.run,
    actions: group === undefined ? actions : inGroup(actions, group),
    settled: () => group?.settled(),
    webhooks: { ...webhooks, onQueued: (listener) => { shared.queued = listener } },
    resources,
    isEmpty: () => metaGet.get('reference_date') === undefined,
    ...loader,
    info: () => ({
      accountEmail: String(metaGet.get('account_email')),
      seed: Number(metaGet.get('seed')),
      referenceDate: String(metaGet.get('reference_date')),
      bookings: db.prepare('SELECT count(*) FROM bookings').pluck().get() as number
    }),
    getBooking: (id) => {
      completion.run()
      return getBooking(id)
    },
    listBookingsJson: (filter, page, expand) => {
      completion.run()
      return reads.listBookingsJson(filter, page, expand)
    },
    getBookingJson: (id, expand) => {
      completion.run()
      return reads.getBookingJson(id, expand)
    },
    getUser: getter<User>(tables.users),
    getTeam: getter<Team>(tables.teams),
    getBookingPage: lookups.getBookingPage,
    getMasterPage: lookups.getMasterPage,
    getEventType: lookups.getEventType,
    getContact: getter<Contact>(tables.contacts),
    getConversation: lookups.getConversation,
    // A method, not an arrow: after a replace, the members of the store the server
    // holds are those of the store that took its place, whose `replace` must update
    // the server's object, not its own.
    async replace (build) {
      // Built beside the database served: in the temporary folder, or beside the file.
      const target = path === null ? temporaryPath() : `${path}.reset`
      removeDatabase(target)
      try {
        await build(target)
      } catch (error) {
        removeDatabase(target)
        throw error
      }
      this.close()
      if (path !== null) {
        removeDatabase(path)
        renameSync(target, path)
      }
      Object.assign(this, createStore(path, options, shared, path === null ? target : undefined))
    },
    close: () => {
      group?.flush()
      checkpointer?.close()
      db.close()
    }
  }
}

// The same actions, each run in the open group of writes.
function inGroup (actions: BookingActions, group: GroupCommit): BookingActions {
  const grouped: Record<string, unknown> = {}
  for (const [name, action] of Object.entries(actions) as Array<[string, (...args: unknown[]) => unknown]>) {
    grouped[name] = (...args: unknown[]) => group.run(() => action(...args))
  }
  return grouped as unknown as BookingActions
}
