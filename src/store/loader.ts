// Loading a whole dataset: every table emptied and refilled in one transaction.
// Rows go in first and the indexes are built after them: one sort per index is
// several times faster than keeping ten indexes of bookings up to date row by row.

import type { Database } from 'better-sqlite3'
import { bookingValues } from './booking-rows.ts'
import type { ResourceRepository } from './resources.ts'
import * as tables from './tables.ts'
import type { Dataset, DatasetAccount } from './types.ts'

/**
 * Part of a dataset as loadParts() takes it: bookings as the values of their rows
 * (bookingValues) with their hosts, or, last, the account.
 */
export type LoadPart = { bookings: Array<[values: unknown[], hosts: string[]]> } | { account: DatasetAccount }

export interface Loader {
  /** Replaces everything with `dataset`, in one transaction. */
  load(dataset: Dataset): void
  /**
   * Replaces everything with a dataset that arrives in parts, in one transaction
   * held across them: only for a store that serves nothing yet (start-up).
   * `indexing` is told once every row is in, as the indexes start to be built.
   */
  loadParts(parts: AsyncIterable<LoadPart>, indexing?: () => void): Promise<void>
}

/** The loader of `db`; `loaded` is told after every load, failed or not, to forget what it cached. */
export function createLoader (db: Database, resources: ResourceRepository, loaded: () => void): Loader {
  const insertBooking = db.prepare(tables.insertSql(tables.bookings))
  const insertHost = db.prepare(tables.insertSql(tables.bookingHosts))
  const start = () => {
    for (const table of tables.ALL_TABLES) for (const index of tables.indexNames(table)) db.exec(`DROP INDEX IF EXISTS ${index}`)
    for (const table of [...tables.ALL_TABLES].reverse()) db.prepare(`DELETE FROM ${table.name}`).run()
  }
  const bookings = (rows: Array<[unknown[], string[]]>) => {
    for (const [values, hosts] of rows) {
      insertBooking.run(values)
      hosts.forEach((user, position) => insertHost.run(values[0], user, position))
    }
  }
  const finish = (account: DatasetAccount, indexing?: () => void) => {
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
    indexing?.()
    for (const table of tables.ALL_TABLES) db.exec(tables.indexDdl(table))
  }
  const loadAll = db.transaction(({ bookings: records, ...account }: Dataset) => {
    start()
    bookings(records.map(({ hosts, ...booking }) => [bookingValues(booking), hosts]))
    finish(account)
  })
  // Building the indexes sorts every row: a second thread halves that, and a page
  // cache of 32 MB lets each index's sort run in memory (SQLite sizes its sort runs
  // by the cache). Not more: a file database's cache pages stay in the process's
  // memory after the load (256 MB kept a 100,000-booking file at 428 MB resident,
  // 32 MB at 192 MB, loading as fast). Returns what puts things back.
  const bulk = (): (() => void) => {
    const cacheSize = db.pragma('cache_size', { simple: true })
    db.pragma('threads = 2')
    db.pragma('cache_size = -32768')
    return () => {
      db.pragma(`cache_size = ${cacheSize}`)
      db.pragma('threads = 0')
      loaded()
    }
  }

  return {
    load: (dataset) => {
      const done = bulk()
      try {
        loadAll(dataset)
      } finally {
        done()
      }
    },
    loadParts: async (parts, indexing) => {
      const done = bulk()
      db.exec('BEGIN')
      try {
        start()
        let finished = false
        for await (const part of parts) {
          if ('bookings' in part) bookings(part.bookings)
          else finish(part.account, indexing)
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
    }
  }
}
