// The dataset repository: what the database holds as a whole. It is loaded in one
// go (a fixtures file, or a dataset drawn as it loads), described by its meta table,
// and its clock's state is kept with it, so that a restart on a file keeps both.

import type { Database } from 'better-sqlite3'
import type { Clock, ClockState } from '../clock.ts'
import type { AccountRepository } from './account.ts'
import { createLoader, type Loader } from './loader.ts'
import * as tables from './tables.ts'

/** What the meta table records about the loaded dataset. */
export interface DatasetInfo {
  /** The account owner's email, which GET /v2/test names. */
  accountEmail: string
  seed: number
  referenceDate: string
  bookings: number
}

export interface DatasetRepository extends Loader {
  info(): DatasetInfo
  /** True when the database holds no dataset yet. */
  isEmpty(): boolean
  /** Keeps the clock's state in the database. */
  saveClock(): void
  /** Every row of every table, by table: a whole state, for comparing two. */
  snapshot(): Record<string, unknown[]>
}

/** The dataset of `db`; the clock's saved state, if any, is restored into `clock` here. `loaded` is told after every load. */
export function createDatasetRepository (db: Database, clock: Clock, account: AccountRepository, loaded: () => void): DatasetRepository {
  const metaGet = db.prepare('SELECT value FROM meta WHERE key = ?').pluck()
  const saveClock = db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('clock', ?)")
  const countBookings = db.prepare('SELECT count(*) FROM bookings').pluck()
  const saved = metaGet.get('clock') as string | undefined
  if (saved !== undefined) clock.restore(JSON.parse(saved) as ClockState)
  return {
    ...createLoader(db, account, loaded),
    info: () => ({
      accountEmail: String(metaGet.get('account_email')),
      seed: Number(metaGet.get('seed')),
      referenceDate: String(metaGet.get('reference_date')),
      bookings: countBookings.get() as number
    }),
    isEmpty: () => metaGet.get('reference_date') === undefined,
    saveClock: () => { saveClock.run(JSON.stringify(clock.state())) },
    snapshot: () => Object.fromEntries(tables.ALL_TABLES.map((table) => [table.name, db.prepare(`SELECT * FROM ${table.name} ORDER BY ${Object.keys(table.columns).length > 1 ? '1, 2' : '1'}`).all()]))
  }
}
