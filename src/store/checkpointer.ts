// Checkpoints of a file database, on a worker thread with its own connection. A
// checkpoint copies the WAL's pages back into the database file and syncs both:
// on the event loop that stalled every request for milliseconds each thousand
// pages. SQLite lets one connection checkpoint while another writes, so the worker
// copies what is committed every CHECK_MS. The writer's own automatic checkpoint
// stays as a backstop, far larger, for when the worker cannot keep up: it finds
// little left to copy, and lets the WAL start again from its beginning.

import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { Database } from 'better-sqlite3'

const CHECK_MS = 50
/** The writer's own automatic checkpoint, in pages (SQLite's default is 1,000). */
export const BACKSTOP_PAGES = 10_000
// How long close() waits for the worker to close its connection.
const CLOSE_WAIT_MS = 2000

// Plain CommonJS for an eval'd worker: better-sqlite3 comes by its resolved path, so
// the same code runs from dist/ and under tsx. It closes its connection when told,
// then flips `closed`, which close() waits on.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.path)
db.pragma('busy_timeout = 0')
const flag = new Int32Array(workerData.closed)
const check = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)') } catch {}
}
const timer = setInterval(check, ${CHECK_MS})
parentPort.on('message', () => {
  clearInterval(timer)
  db.close()
  Atomics.store(flag, 0, 1)
  Atomics.notify(flag, 0)
  parentPort.close()
})
`

export interface Checkpointer {
  /** Stops the worker and closes its connection, waiting (briefly) until it has. */
  close(): void
}

/** Starts checkpointing `path` off the event loop; `db` is the writer's connection. */
export function startCheckpointer (db: Database, path: string): Checkpointer {
  const closed = new SharedArrayBuffer(4)
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const worker = new Worker(WORKER, { eval: true, workerData: { path, driver, closed } })
  worker.unref()
  let running = true
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`)
  // Without the worker, the writer checkpoints as SQLite does by default.
  worker.on('error', () => { if (db.open) db.pragma('wal_autocheckpoint = 1000') })
  worker.on('exit', () => { running = false })
  return {
    close: () => {
      if (!running) return
      worker.postMessage('close')
      Atomics.wait(new Int32Array(closed), 0, 0, CLOSE_WAIT_MS)
    }
  }
}
