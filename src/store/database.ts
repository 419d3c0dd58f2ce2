// Opening a store's SQLite database, in one of three ways:
// - a file the user names (ONCEHUB_MOCK_DB): WAL, kept across restarts;
// - "in memory": a file of its own in memory's own folder (temporaryFolder, below),
//   unlinked as soon as it is open, so that it dies with the connection (or the
//   process, however it ends). Its pages live in the OS's file cache, mapped into the
//   process, not on the heap: a database closed gives all of its memory back, which
//   the C heap would keep. Locked once for good, with its journal in memory, it reads
//   as fast as SQLite's own :memory: (BENCHMARKS.md);
// - being built, by a worker, beside the one served: no journal, no syncing, until
//   the store opens it as one of the two above.

import Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { rmSync, statfsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tables from './tables.ts'

/** The layout of the tables; a file written with another layout is refused, not misread. */
export const SCHEMA_VERSION = 8

export type OpenMode = 'file' | 'temporary' | 'building'

// As much of a temporary database as SQLite maps (its own cap is about 2 GB).
const MMAP_BYTES = 2 ** 31

const DEFAULT_TMPDIR = '/tmp'
const SHM = '/dev/shm'
const TMPFS_MAGIC = 0x01021994
const SHM_ENOUGH = 2 ** 30

/**
 * Where the databases of the store's own go: /dev/shm when the temporary folder is
 * the default /tmp and /dev/shm is a memory file system of 1 GiB or more (not a
 * container's 64 MB), since the kernel writes a file in a disk's /tmp out in the
 * background, unlinked or not (BENCHMARKS.md); else the temporary
 * folder (TMPDIR).
 */
export function temporaryFolder (): string {
  const folder = tmpdir()
  if (folder !== DEFAULT_TMPDIR) return folder
  try {
    const shm = statfsSync(SHM)
    return shm.type === TMPFS_MAGIC && shm.blocks * shm.bsize >= SHM_ENOUGH ? SHM : folder
  } catch {
    return folder
  }
}

/** A new path in temporaryFolder() for a database of the store's own. */
export function temporaryPath (): string {
  return join(temporaryFolder(), `oncehub-mock-${randomUUID()}.db`)
}

/** Opens (and if new, makes) the database at `path` for `mode`, with every table in place. */
export function openDatabase (path: string, mode: OpenMode): Database.Database {
  const db = new Database(path)
  try {
    const version = db.pragma('user_version', { simple: true }) as number
    if (version !== SCHEMA_VERSION && db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table'").get() !== undefined) {
      throw Object.assign(new Error(`it was written by another version of oncehub-mock (schema ${version}, this one reads ${SCHEMA_VERSION}): ` +
        'delete it, or use another file'), { code: 'ONCEHUB_MOCK_SCHEMA' })
    }
    if (mode === 'file') {
      // WAL, readers never waiting for writers, with SQLite's recommended NORMAL
      // sync: a commit is written to the WAL (the OS's cache) before its answer is
      // sent, so it survives the process crashing or being killed, but not a power
      // cut or an OS crash; checkpoints sync (docs/where-the-mock-decides.md, "Durability").
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
    } else if (mode === 'temporary') {
      // Only this connection ever uses it: locked once, not at every statement.
      db.pragma('locking_mode = EXCLUSIVE')
      db.pragma('journal_mode = MEMORY')
      db.pragma('synchronous = OFF')
      db.pragma(`mmap_size = ${MMAP_BYTES}`)
    } else {
      db.pragma('journal_mode = OFF')
      db.pragma('synchronous = OFF')
    }
    // One transaction, IF NOT EXISTS throughout: two servers starting on one new
    // file, or a file from an older version, both end with the whole schema.
    db.transaction(() => {
      for (const table of tables.ALL_TABLES) db.exec(tables.ddl(table))
      db.pragma(`user_version = ${SCHEMA_VERSION}`)
    }).exclusive()
    // Locked and written once: the open connection is all that holds the data now.
    if (mode === 'temporary') rmSync(path, { force: true })
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

/** Removes a database file and its WAL and shared-memory files, if they exist. */
export function removeDatabase (path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true })
}
