// Loading a whole dataset: every table emptied and refilled in one transaction.
// Rows go in first and the indexes are built after them: one sort per index is
// several times faster than keeping ten indexes of bookings up to date row by row.

import type { Database } from 'better-sqlite3'
import { bookingInserter } from './booking-rows.ts'
import { openDatabase } from './database.ts'
import { createAccountRepository, type AccountRepository } from './account.ts'
import * as tables from './tables.ts'
import type { Dataset, DatasetAccount, Drawn } from './types.ts'

export interface Loader {
  /** Replaces everything with `dataset`, in one transaction. */
  load(dataset: Dataset): void
  /**
   * Replaces everything with the dataset `draw` makes, in one transaction: it hands
   * each booking and SMS notification to `take` as it is drawn, so that a large
   * dataset is never held whole, and returns the account.
   */
  loadDrawn(draw: (take: (drawn: Drawn) => void) => DatasetAccount): void
}

/** The loader of `db`; `loaded` is told after every load, failed or not, to forget what it cached. */
export function createLoader (db: Database, account: AccountRepository, loaded: () => void): Loader {
  const insert = bookingInserter(db)
  const insertSms = db.prepare(tables.insertSql(tables.smsNotifications))
  // The custom fields bookings and contacts use make the account's field library.
  let fields = new Set<string>()
  const start = () => {
    fields = new Set()
    for (const table of tables.ALL_TABLES) for (const index of tables.indexNames(table)) db.exec(`DROP INDEX IF EXISTS ${index}`)
    for (const table of [...tables.ALL_TABLES].reverse()) db.prepare(`DELETE FROM ${table.name}`).run()
  }
  const take = (drawn: Drawn) => {
    if (drawn.object === 'sms_notification') {
      insertSms.run(tables.toRow(tables.smsNotifications, drawn))
      return
    }
    insert(drawn)
    for (const field of [...drawn.custom_fields, ...drawn.form_submission.custom_fields]) fields.add(field.name)
  }
  const finish = (dataset: DatasetAccount) => {
    const insertAll = (table: tables.Table, objects: readonly object[]) => {
      const insert = db.prepare(tables.insertSql(table))
      for (const object of objects) insert.run(tables.toRow(table, object as Record<string, unknown>))
    }
    insertAll(tables.teams, dataset.teams)
    insertAll(tables.users, dataset.users.map((user) => ({ ...user, deleted_time: null })))
    insertAll(tables.masterPages, dataset.master_pages)
    insertAll(tables.eventTypes, dataset.event_types)
    insertAll(tables.bookingPages, dataset.booking_pages)
    insertAll(tables.bookingCalendars, dataset.booking_calendars)
    insertAll(tables.contacts, dataset.contacts.map((contact) => ({ ...contact, deleted_time: null })))
    for (const contact of dataset.contacts) for (const field of contact.custom_fields) fields.add(field.name)
    insertAll(tables.fieldLibrary, [...fields].sort().map((name) => ({ name })))
    insertAll(tables.conversations, dataset.conversations)
    insertAll(tables.schedulingAvailability, dataset.scheduling_availability ?? [])
    account.loadLinks(dataset)
    insertAll(tables.meta, [
      { key: 'seed', value: String(dataset.seed) },
      { key: 'account_email', value: dataset.users[0]?.email ?? '' },
      { key: 'reference_date', value: dataset.reference_date }
    ])
    for (const table of tables.ALL_TABLES) db.exec(tables.indexDdl(table))
  }
  const loadDrawn = db.transaction((draw: (take: (drawn: Drawn) => void) => DatasetAccount) => {
    start()
    finish(draw(take))
  })
  // Building the indexes sorts every row: a second thread halves that, and a page
  // cache of 32 MB lets each index's sort run in memory (SQLite sizes its sort runs
  // by the cache). Not more: a file database's cache pages stay in the process's
  // memory after the load (BENCHMARKS.md).
  const bulk = <T>(load: () => T): T => {
    const cacheSize = db.pragma('cache_size', { simple: true })
    db.pragma('threads = 2')
    db.pragma('cache_size = -32768')
    try {
      return load()
    } finally {
      db.pragma(`cache_size = ${cacheSize}`)
      db.pragma('threads = 0')
      loaded()
    }
  }

  return {
    load: (dataset) => {
      const { bookings, sms_notifications: sms, ...account } = dataset
      bulk(() => loadDrawn((take) => {
        bookings.forEach(take)
        sms.forEach(take)
        return account
      }))
    },
    loadDrawn: (draw) => bulk(() => loadDrawn(draw))
  }
}

/**
 * A loader on a new database at `path`, for a worker that builds a dataset beside
 * the one served (Store.replace takes the file up); `close` it once loaded.
 */
export function openBuilder (path: string): Loader & { close(): void } {
  const db = openDatabase(path, 'building')
  return { ...createLoader(db, createAccountRepository(db), () => {}), close: () => db.close() }
}
