// The data service: a better-sqlite3 database holding one dataset, and the
// repositories that read it. It knows nothing of HTTP. Every Store is its own
// object with its own database, so one process can hold several.

import Database from 'better-sqlite3'
import { Clock, type ClockState } from '../clock.ts'
import { createBookingActions, type BookingActions, type BookingWrites, type Emit } from './booking-actions.ts'
import { bookingRow, expandBody, type BookingExpandable } from './booking-rows.ts'
import { GroupCommit } from './group-commit.ts'
import { createWebhookRepository, type WebhookRepository } from './webhooks.ts'
import { createResourceRepository, type ResourceRepository } from './resources.ts'
import { randomId } from '../ids.ts'
import { bookingEvent, webhookBooking } from '../webhooks/payload.ts'
import { Lister, type Page, type PageRequest, type Where } from './list.ts'
import * as tables from './tables.ts'
import { timestamp } from '../fixtures/time.ts'
import type { Booking, BookingPage, Contact, Conversation, Dataset, DatasetAccount, EventType, MasterPage, Team, User } from './types.ts'

export type BookingStatus = Booking['status']
export type TimeField = 'creation_time' | 'starting_time' | 'last_updated_time'

/** Every filter of GET /v2/bookings, already validated. */
export interface BookingFilter {
  status?: readonly BookingStatus[]
  owner?: string
  contact?: string
  booking_page?: string
  master_page?: string
  event_type?: string
  booking_calendar?: string
  host?: string
  /** Strict bounds on time fields, as canonical `YYYY-MM-DDTHH:MM:SSZ` strings. */
  times?: ReadonlyArray<{ field: TimeField, op: '>' | '<', value: string }>
}

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
  completeEndedBookings(): string[]
  /** Every change to bookings: the API's actions and the mock's controls. */
  readonly actions: BookingActions
  /** Resolves when every change made so far is on disk; undefined when none waits (see group-commit.ts). */
  settled(): Promise<void> | undefined
  /** Webhook subscriptions, the events emitted and their deliveries. */
  readonly webhooks: WebhookRepository
  /** Users, teams, booking pages, master pages, event types and contacts, read-only. */
  readonly resources: ResourceRepository
  /** True when the database holds no dataset yet. */
  isEmpty(): boolean
  /** Replaces everything with `dataset`, in one transaction. */
  load(dataset: Dataset): void
  /**
   * Replaces everything with a dataset that arrives in parts, in one transaction
   * held across them: only for a store that serves nothing yet (start-up).
   */
  loadParts(parts: AsyncIterable<LoadPart>): Promise<void>
  info(): DatasetInfo
  getBooking(id: string): Booking | undefined
  /** One page of bookings, each as its API JSON with `expand` applied: what GET /v2/bookings sends. */
  listBookingsJson(filter: BookingFilter, page: PageRequest, expand: readonly BookingExpandable[]): Page<BookingJson>
  /** A booking as its API JSON with `expand` applied: what GET /v2/bookings/{id} sends. */
  getBookingJson(id: string, expand: readonly BookingExpandable[]): string | undefined
  getUser(id: string): User | undefined
  getTeam(id: string): Team | undefined
  getBookingPage(id: string): BookingPage | undefined
  getMasterPage(id: string): MasterPage | undefined
  getEventType(id: string): EventType | undefined
  getContact(id: string): Contact | undefined
  getConversation(id: string): Conversation | undefined
  close(): void
}

/**
 * Part of a dataset as loadParts() takes it: bookings as rows of the bookings
 * table (tables.toRow of bookingRow) with their hosts, or, last, the account.
 */
export type LoadPart = { bookings: Array<[row: unknown[], hosts: string[]]> } | { account: DatasetAccount }

/** A booking as JSON text, and its ID (for the Link header). */
export interface BookingJson {
  id: string
  json: string
}

// What each expandable field of a booking names.
const BOOKING_EXPANSIONS: Readonly<Record<BookingExpandable, tables.Table>> = {
  owner: tables.users,
  booking_page: tables.bookingPages,
  master_page: tables.masterPages,
  event_type: tables.eventTypes,
  contact: tables.contacts,
  conversation: tables.conversations
}

// Few and changed only by a reset: their expanded JSON is kept once made.
const KEPT_EXPANSIONS: ReadonlySet<BookingExpandable> = new Set(['owner', 'booking_page', 'master_page', 'event_type'])

const EQUALITY_FILTERS = ['owner', 'contact', 'booking_page', 'master_page', 'event_type', 'booking_calendar'] as const

export interface StoreOptions {
  /** Real time, for the clock; tests may pass their own. */
  realNow?: () => number
}

/** The layout of the tables; a file written with another layout is refused, not misread. */
export const SCHEMA_VERSION = 3

/** Opens (and if new, creates) a database: a file at `path`, or memory when null. */
export function createStore (path: string | null, options: StoreOptions = {}): Store {
  const db = new Database(path ?? ':memory:')
  const version = db.pragma('user_version', { simple: true }) as number
  if (version !== SCHEMA_VERSION && db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table'").get() !== undefined) {
    db.close()
    throw new Error(`${path} was written by another version of oncehub-mock (schema ${version}, this one reads ${SCHEMA_VERSION}): ` +
      'delete it, or use another file')
  }
  // Rows of bookings are about 1.6 kB: in memory, pages of 16 kB hold ten of them
  // with little left over, where 4 kB pages hold two and waste a fifth. A file keeps
  // SQLite's 4 kB, as every write copies whole pages into the WAL. (A no-op on an
  // existing file.)
  if (path === null) {
    db.pragma('page_size = 16384')
  } else {
    // WAL with full sync: a change is on disk when its transaction returns, that
    // is before its response is sent, and readers never wait for writers.
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
  }
  // One transaction, IF NOT EXISTS throughout: two servers starting on one new file,
  // or a file from an older version, both end with the whole schema.
  db.transaction(() => {
    for (const table of tables.ALL_TABLES) db.exec(tables.ddl(table))
    db.pragma(`user_version = ${SCHEMA_VERSION}`)
  }).exclusive()

  const getter = <T>(table: tables.Table) => {
    const statement = db.prepare(`SELECT ${tables.selectList(table)} FROM ${table.name} WHERE id = ?`)
    return (id: string): T | undefined => {
      const row = statement.get(id) as Record<string, unknown> | undefined
      return row === undefined ? undefined : tables.fromRow<T>(table, row)
    }
  }
  const bookingLister = new Lister<BookingJson>(db, tables.bookings, ['creation_time', 'id'])
  const bodyOf = db.prepare('SELECT body, expand_at FROM bookings WHERE id = ?')
  const metaGet = db.prepare('SELECT value FROM meta WHERE key = ?').pluck()

  // The JSON of the objects bookings expand to, by field and ID.
  const expansionGetters = Object.fromEntries(Object.entries(BOOKING_EXPANSIONS)
    .map(([field, table]) => [field, getter<object>(table)])) as Record<BookingExpandable, (id: string) => object | undefined>
  const kept = new Map<string, string | undefined>()
  // A resolver for one response: it makes each object's JSON once.
  const resolver = () => {
    const made = new Map<string, string | undefined>()
    return (field: BookingExpandable, id: string): string | undefined => {
      const key = `${field} ${id}`
      const memo = KEPT_EXPANSIONS.has(field) ? kept : made
      if (!memo.has(key)) {
        const object = expansionGetters[field](id)
        memo.set(key, object === undefined ? undefined : JSON.stringify(object))
      }
      return memo.get(key)
    }
  }
  const render = (row: { body: string, expand_at: string }, expand: readonly BookingExpandable[], resolve = resolver()) =>
    expandBody(row.body, row.expand_at, expand, resolve)

  const resources = createResourceRepository(db)
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
      insertBooking.run(tables.toRow(tables.bookings, bookingRow(booking) as unknown as Record<string, unknown>))
      hosts.forEach((user, position) => insertHost.run(booking.id, user, position))
      completion.changed()
    },
    update: (booking) => {
      const { id, status, last_updated_time: lastUpdated, body, expand_at: expandAt } = bookingRow(booking)
      updateBooking.run({ id, status, last_updated_time: lastUpdated, body, expand_at: expandAt })
      completion.changed()
    }
  }

  // Rows go in first and the indexes are built after them: one sort per index is
  // several times faster than keeping ten indexes of bookings up to date row by row.
  const loading = {
    start: () => {
      for (const table of tables.ALL_TABLES) for (const index of tables.indexNames(table)) db.exec(`DROP INDEX IF EXISTS ${index}`)
      for (const table of [...tables.ALL_TABLES].reverse()) db.prepare(`DELETE FROM ${table.name}`).run()
    },
    bookings: (rows: Array<[unknown[], string[]]>) => {
      for (const [row, hosts] of rows) {
        insertBooking.run(row)
        hosts.forEach((user, position) => insertHost.run(row[0], user, position))
      }
    },
    finish: (account: DatasetAccount) => {
      const insertAll = (table: tables.Table, objects: readonly object[]) => {
        const insert = db.prepare(tables.insertSql(table))
        for (const object of objects) insert.run(tables.toRow(table, object as Record<string, unknown>))
      }
      insertAll(tables.teams, account.teams)
      insertAll(tables.users, account.users)
      insertAll(tables.masterPages, account.master_pages)
      insertAll(tables.eventTypes, account.event_types)
      insertAll(tables.bookingPages, account.booking_pages)
      insertAll(tables.bookingCalendars, account.booking_calendars)
      insertAll(tables.contacts, account.contacts)
      insertAll(tables.conversations, account.conversations)
      resources.loadLinks(account)
      insertAll(tables.meta, [
        { key: 'seed', value: String(account.seed) },
        { key: 'account_email', value: account.users[0]?.email ?? '' },
        { key: 'reference_date', value: account.reference_date }
      ])
      for (const table of tables.ALL_TABLES) db.exec(tables.indexDdl(table))
    }
  }
  const load = db.transaction(({ bookings, ...account }: Dataset) => {
    loading.start()
    loading.bookings(bookings.map(({ hosts, ...booking }) => [tables.toRow(tables.bookings, bookingRow(booking) as unknown as Record<string, unknown>), hosts]))
    loading.finish(account)
  })
  // Building the indexes sorts every row: a second thread halves that, and a large
  // page cache keeps a file database from spilling pages in the middle. Returns
  // what puts things back.
  const bulk = (): (() => void) => {
    const cacheSize = db.pragma('cache_size', { simple: true })
    db.pragma('threads = 2')
    db.pragma('cache_size = -262144')
    kept.clear()
    return () => {
      db.pragma(`cache_size = ${cacheSize}`)
      db.pragma('threads = 0')
      completion.changed()
    }
  }

  const clock = new Clock(options.realNow)
  const savedClock = metaGet.get('clock') as string | undefined
  if (savedClock !== undefined) clock.restore(JSON.parse(savedClock) as ClockState)
  const saveClock = db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('clock', ?)")
  const getBooking = (id: string): Booking | undefined => {
    const row = bodyOf.get(id) as { body: string } | undefined
    return row === undefined ? undefined : JSON.parse(row.body) as Booking
  }
  const lookups = {
    getBookingPage: getter<BookingPage>(tables.bookingPages),
    getMasterPage: getter<MasterPage>(tables.masterPages),
    getEventType: getter<EventType>(tables.eventTypes),
    getConversation: getter<Conversation>(tables.conversations)
  }
  const webhooks = createWebhookRepository(db, randomId)
  // Every change records its event in its own transaction; see webhooks.ts.
  const emit: Emit = (type, booking) => {
    const nowMs = clock.now()
    webhooks.emit(type, () => bookingEvent(randomId('EVNT-', 10), type, timestamp(nowMs), webhookBooking(lookups, booking)), nowMs)
  }
  const completion = completer(db, clock, writes, emit)
  const actions = createBookingActions(db, clock, getBooking, completion.run, emit, writes)
  // Memory has no fsync to share: only a file database groups its commits.
  const group = path === null ? undefined : new GroupCommit(db, completion.changed)

  return {
    db,
    clock,
    saveClock: () => { saveClock.run(JSON.stringify(clock.state())) },
    completeEndedBookings: completion.run,
    actions: group === undefined ? actions : inGroup(actions, group),
    settled: () => group?.settled(),
    webhooks,
    resources,
    isEmpty: () => metaGet.get('reference_date') === undefined,
    load: (dataset) => {
      const done = bulk()
      try {
        load(dataset)
      } finally {
        done()
      }
    },
    loadParts: async (parts) => {
      const done = bulk()
      db.exec('BEGIN')
      try {
        loading.start()
        let finished = false
        for await (const part of parts) {
          if ('bookings' in part) loading.bookings(part.bookings)
          else loading.finish(part.account)
          finished ||= 'account' in part
        }
        if (!finished) throw new Error('the dataset ended before its account')
        db.exec('COMMIT')
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK')
        throw error
      } finally {
        done()
      }
    },
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
      const resolve = resolver()
      return bookingLister.pageOf(bookingWhere(filter), page, 'bookings.creation_time, bookings.id, bookings.body, bookings.expand_at',
        (row) => ({ id: row.id as string, json: render(row as { body: string, expand_at: string }, expand, resolve) }))
    },
    getBookingJson: (id, expand) => {
      completion.run()
      const row = bodyOf.get(id) as { body: string, expand_at: string } | undefined
      return row === undefined ? undefined : render(row, expand)
    },
    getUser: getter<User>(tables.users),
    getTeam: getter<Team>(tables.teams),
    getBookingPage: lookups.getBookingPage,
    getMasterPage: lookups.getMasterPage,
    getEventType: lookups.getEventType,
    getContact: getter<Contact>(tables.contacts),
    getConversation: lookups.getConversation,
    close: () => {
      group?.flush()
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

function bookingWhere (filter: BookingFilter): Where {
  const where: Where = { clauses: [], values: [] }
  if (filter.status !== undefined) {
    where.clauses.push(`status IN (${filter.status.map(() => '?').join(', ')})`)
    where.values.push(...filter.status)
  }
  for (const column of EQUALITY_FILTERS) {
    const value = filter[column]
    if (value === undefined) continue
    where.clauses.push(`${column} = ?`)
    where.values.push(value)
  }
  if (filter.host !== undefined) {
    where.clauses.push('id IN (SELECT booking_id FROM booking_hosts WHERE user_id = ?)')
    where.values.push(filter.host)
  }
  for (const { field, op, value } of filter.times ?? []) {
    where.clauses.push(`${field} ${op} ?`)
    where.values.push(value)
  }
  return where
}

// Completion on the mock's clock (README, "Where the mock decides"): a booking that
// has ended becomes completed, last updated at its end. Checked before every read
// of bookings, so it must cost next to nothing: the earliest end still pending is
// kept, and looked up again (one step into a partial index) only after a booking
// was written. The index is named: left to itself, SQLite prefers bookings_status
// and reads every pending booking.
function completer (db: Database.Database, clock: Clock, writes: BookingWrites, emit: Emit): { run: () => string[], changed: () => void } {
  const PENDING = "FROM bookings INDEXED BY bookings_pending_end WHERE status IN ('scheduled', 'rescheduled')"
  const earliest = db.prepare(`SELECT min(ends_at) ${PENDING}`).pluck()
  const due = db.prepare(`SELECT body, ends_at ${PENDING} AND ends_at <= ? ORDER BY ends_at, id`)
  const completeAll = db.transaction((now: string) => {
    const ids: string[] = []
    for (const { body, ends_at: endsAt } of due.all(now) as Array<{ body: string, ends_at: string }>) {
      const booking: Booking = { ...JSON.parse(body) as Booking, status: 'completed', last_updated_time: endsAt }
      writes.update(booking)
      emit('booking.completed', booking)
      ids.push(booking.id)
    }
    return ids
  })
  // undefined: not known since the last write; null: nothing pending.
  let next: string | null | undefined
  // Timestamps have whole seconds: the text is made once a second, not per read.
  let second = NaN
  let now = ''
  return {
    changed: () => { next = undefined },
    run: () => {
      const ms = clock.now()
      if (Math.floor(ms / 1000) !== second) {
        second = Math.floor(ms / 1000)
        now = timestamp(ms)
      }
      if (next === undefined) next = (earliest.get() as string | null) ?? null
      return next === null || next > now ? [] : completeAll(now)
    }
  }
}
