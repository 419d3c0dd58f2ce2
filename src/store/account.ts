// The account around the bookings: users, teams, booking pages, master pages, event
// types, booking calendars, contacts and conversations. Every list goes through the
// shared Lister; filters on relations read the link tables that loadLinks() fills
// from the dataset, so each filtered page is still one indexed range scan.

import type { Database } from 'better-sqlite3'
import { Lister, type Page, type PageRequest, type Where } from './list.ts'
import * as tables from './tables.ts'
import type { BookingCalendar, BookingPage, BookingPageRecord, Contact, Conversation, DatasetAccount, EventType, MasterPage, Redacted, Team, User } from './types.ts'

/** The objects of each resource, by the resource's name. */
export interface ResourceObjects {
  users: User
  teams: Team
  booking_pages: BookingPage
  master_pages: MasterPage
  event_types: EventType
  booking_calendars: BookingCalendar
  contacts: Contact
  conversations: Conversation
}

export type ResourceName = keyof ResourceObjects

/** What a booking page is linked to, which the API object does not show. */
export type BookingPageLinks = Pick<BookingPageRecord, 'owner' | 'master_pages' | 'event_types'>

/** A list filter, already validated: equality filters by parameter name, and strict time bounds. */
export interface ResourceFilter {
  match?: Readonly<Record<string, string>>
  times?: ReadonlyArray<{ field: 'creation_time' | 'last_updated_time', op: '>' | '<', value: string }>
}

export interface AccountRepository {
  /** One page of `resource`, in its list order. */
  list<R extends ResourceName>(resource: R, filter: ResourceFilter, page: PageRequest): Page<ResourceObjects[R]>
  /** A live object of `resource` (a deleted user or contact is not one: see `redacted`). */
  get<R extends ResourceName>(resource: R, id: string): ResourceObjects[R] | undefined
  /** A deleted user or contact as OnceHub shows one, `{id, object, deleted: true}`; undefined for any other ID. */
  redacted(resource: 'users' | 'contacts', id: string): Redacted | undefined
  /** The owner, master pages and event types of booking page `id` (IDs in order). */
  bookingPageLinks(id: string): BookingPageLinks | undefined
  /** The IDs of the booking pages `user` owns, in order. */
  bookingPagesOf(user: string): string[]
  /** How many active users own a booking page, and the `n`th of them by ID (for the control API's draws). */
  pageOwners(): { count: number, at(n: number): User | undefined }
  /** How many contacts there are, and the `n`th of them by ID. */
  contacts(): { count: number, at(n: number): Contact | undefined }
  /** Writes the relations of `dataset` to the link tables; run inside the store's load transaction. */
  loadLinks(dataset: DatasetAccount): void
  /** The account owner's time zone: new users' and contacts' own unless given. */
  ownerTimezone(): string
}

interface Definition {
  table: tables.Table
  /** The Lister's order, newest first (docs/where-the-mock-decides.md). */
  order: readonly string[]
  /** SQL for each equality filter, with one `?` for its value. */
  filters: Readonly<Record<string, string>>
  /** SQL that keeps deleted objects out of lists and reads, for the resources that can be deleted. */
  live?: string
}

const byEmail = 'email = ? COLLATE NOCASE'
// The users a booking of the control API may belong to.
const LIVE = 'deleted_time IS NULL'
const PAGE_OWNER = `status = 'active' AND ${LIVE} AND id IN (SELECT user_id FROM ${tables.bookingPageUsers.name})`
const linked = (link: tables.Table, from: string, to: string) => `id IN (SELECT ${from} FROM ${link.name} WHERE ${to} = ?)`

const DEFINITIONS: { [R in ResourceName]: Definition } = {
  users: { table: tables.users, order: ['id'], filters: { email: byEmail }, live: LIVE },
  teams: { table: tables.teams, order: ['id'], filters: { user: linked(tables.teamMembers, 'team_id', 'user_id') } },
  booking_pages: {
    table: tables.bookingPages,
    order: ['id'],
    filters: {
      master_page: linked(tables.bookingPageMasterPages, 'booking_page_id', 'master_page_id'),
      event_type: linked(tables.bookingPageEventTypes, 'booking_page_id', 'event_type_id'),
      user: linked(tables.bookingPageUsers, 'booking_page_id', 'user_id')
    }
  },
  master_pages: { table: tables.masterPages, order: ['id'], filters: {} },
  event_types: { table: tables.eventTypes, order: ['id'], filters: {} },
  booking_calendars: { table: tables.bookingCalendars, order: ['id'], filters: { host: linked(tables.bookingCalendarHosts, 'booking_calendar_id', 'host_id') } },
  contacts: { table: tables.contacts, order: ['creation_time', 'id'], filters: { email: byEmail }, live: LIVE },
  conversations: { table: tables.conversations, order: ['creation_time', 'id'], filters: {} }
}

/** The account repository on `db`, whose tables already exist. */
export function createAccountRepository (db: Database): AccountRepository {
  const entries = Object.entries(DEFINITIONS) as Array<[ResourceName, Definition]>
  const listers = new Map(entries.map(([name, d]) => [name, new Lister(db, d.table.name, d.order)]))
  const getters = new Map(entries.map(([name, d]) => [name, db.prepare(`SELECT ${tables.selectList(d.table)} FROM ${d.table.name} WHERE id = ?${d.live ? ` AND ${d.live}` : ''}`)]))
  const deletedUser = db.prepare('SELECT 1 FROM users WHERE id = ? AND deleted_time IS NOT NULL').pluck()
  const deletedContact = db.prepare('SELECT 1 FROM contacts WHERE id = ? AND deleted_time IS NOT NULL').pluck()
  const countOwners = db.prepare(`SELECT count(*) FROM users WHERE ${PAGE_OWNER}`).pluck()
  const ownerAt = db.prepare(`SELECT id FROM users WHERE ${PAGE_OWNER} ORDER BY id LIMIT 1 OFFSET ?`).pluck()
  const ownerTimezone = db.prepare("SELECT timezone FROM users WHERE role_name = 'Account Owner' ORDER BY id LIMIT 1").pluck()
  const countContacts = db.prepare(`SELECT count(*) FROM contacts WHERE ${LIVE}`).pluck()
  // Scheduling finds a guest's contact by email: a live one (a deleted contact's email makes a new contact).
  const contactAt = db.prepare(`SELECT id FROM contacts WHERE ${LIVE} ORDER BY id LIMIT 1 OFFSET ?`).pluck()
  const get = <R extends ResourceName>(resource: R, id: string): ResourceObjects[R] | undefined => {
    return tables.fromFoundRow(DEFINITIONS[resource].table, getters.get(resource)!.get(id))
  }
  const nth = <R extends ResourceName>(resource: R, count: () => unknown, at: { get(n: number): unknown }) => ({
    count: count() as number,
    at: (n: number) => {
      const id = at.get(n) as string | undefined
      return id === undefined ? undefined : get(resource, id)
    }
  })
  const pageOwner = db.prepare(`SELECT user_id FROM ${tables.bookingPageUsers.name} WHERE booking_page_id = ?`).pluck()
  const pageMasterPages = db.prepare(`SELECT master_page_id FROM ${tables.bookingPageMasterPages.name} WHERE booking_page_id = ? ORDER BY 1`).pluck()
  const pageEventTypes = db.prepare(`SELECT event_type_id FROM ${tables.bookingPageEventTypes.name} WHERE booking_page_id = ? ORDER BY 1`).pluck()
  const pagesOf = db.prepare(`SELECT booking_page_id FROM ${tables.bookingPageUsers.name} WHERE user_id = ? ORDER BY 1`).pluck()

  return {
    list: (resource, filter, page) => {
      const table = DEFINITIONS[resource].table
      return listers.get(resource)!.page(whereOf(DEFINITIONS[resource], filter), page, tables.selectList(table),
        (row) => tables.fromValues(table, row.slice(1))) as Page<ResourceObjects[typeof resource]>
    },
    get,
    redacted: (resource, id) => (resource === 'users' ? deletedUser : deletedContact).get(id) === undefined
      ? undefined
      : { id, object: resource === 'users' ? 'user' : 'contact', deleted: true },
    bookingPageLinks: (id) => {
      const owner = pageOwner.get(id) as string | undefined
      return owner === undefined ? undefined : { owner, master_pages: pageMasterPages.all(id) as string[], event_types: pageEventTypes.all(id) as string[] }
    },
    bookingPagesOf: (user) => pagesOf.all(user) as string[],
    pageOwners: () => nth('users', () => countOwners.get(), ownerAt),
    contacts: () => nth('contacts', () => countContacts.get(), contactAt),
    ownerTimezone: () => (ownerTimezone.get() as string | undefined) ?? 'UTC',
    loadLinks: (dataset) => {
      const insertAll = (table: tables.Table, rows: ReadonlyArray<Record<string, unknown>>) => {
        const insert = db.prepare(tables.insertSql(table))
        for (const row of rows) insert.run(tables.toRow(table, row))
      }
      const pages = dataset.booking_pages
      insertAll(tables.teamMembers, dataset.users.flatMap((u) => u.teams.map((team) => ({ team_id: team, user_id: u.id }))))
      insertAll(tables.bookingPageUsers, pages.map((p) => ({ booking_page_id: p.id, user_id: p.owner })))
      insertAll(tables.bookingPageMasterPages, pages.flatMap((p) => p.master_pages.map((id) => ({ booking_page_id: p.id, master_page_id: id }))))
      insertAll(tables.bookingPageEventTypes, pages.flatMap((p) => p.event_types.map((id) => ({ booking_page_id: p.id, event_type_id: id }))))
      // A team's calendar is hosted by the team and by each of its members; the users
      // who take its meetings are those the record assigns (all of them by default).
      insertAll(tables.bookingCalendarHosts, dataset.booking_calendars.flatMap((c) => {
        const members = [c.host, ...dataset.users.filter((u) => u.teams.includes(c.host)).map((u) => u.id)]
        return members.map((host) => ({ booking_calendar_id: c.id, host_id: host, assigned: (c.hosts ?? members).includes(host) ? 1 : 0 }))
      }))
    }
  }
}

function whereOf (definition: Definition, filter: ResourceFilter): Where {
  const where: Where = { clauses: definition.live ? [definition.live] : [], values: [] }
  for (const [name, value] of Object.entries(filter.match ?? {})) {
    const clause = definition.filters[name]
    if (clause === undefined) throw new Error(`${definition.table.name} has no filter '${name}'`)
    where.clauses.push(clause)
    where.values.push(value)
  }
  for (const { field, op, value } of filter.times ?? []) {
    where.clauses.push(`${field} ${op} ?`)
    where.values.push(value)
  }
  return where
}
