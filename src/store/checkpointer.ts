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

// Where the worker is, shared with it: close() may come before the worker has even
// started (a thread takes tens of milliseconds to, more on a busy machine). Only
// one side can move the state off STARTING, so either the worker opens the file
// and close() waits for it to close it again, or close() got there first and the
// worker never opens the file at all.
const STARTING = 0
const OPEN = 1
const CANCELED = 2
const CLOSED = 3

// Plain CommonJS for an eval'd worker: better-sqlite3 comes by its resolved path, so
// the same code runs from dist/ and from the source. It opens only a file that exists:
// the writer made it, and a file gone by now (removed with its folder after the
// store closed) must not be made again. It closes its connection when told, then
// moves to CLOSED, which close() waits for.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const state = new Int32Array(workerData.state)
const finish = () => {
  Atomics.store(state, 0, ${CLOSED})
  Atomics.notify(state, 0)
  parentPort.close()
}
if (Atomics.compareExchange(state, 0, ${STARTING}, ${OPEN}) === ${STARTING}) {
  let db
  try {
    const Database = require(workerData.driver)
    db = new Database(workerData.path, { fileMustExist: true })
    db.pragma('busy_timeout = 0')
  } catch (error) {
    finish()
    throw error
  }
  const check = () => {
    try { db.pragma('wal_checkpoint(PASSIVE)') } catch {}
  }
  const timer = setInterval(check, ${CHECK_MS})
  parentPort.on('message', () => {
    clearInterval(timer)
    db.close()
    finish()
  })
} else {
  parentPort.close()
}
`

export interface Checkpointer {
  /**
   * Stops the worker and closes its connection, waiting (briefly) until it has. A
   * worker not yet started is told not to open the file, without waiting for it.
   */
  close(): void
  /** The worker thread's exit code, once it has ended (1 if it could not open the file). */
  readonly exited: Promise<number>
}

/** Starts checkpointing `path` off the event loop; `db` is the writer's connection. */
export function startCheckpointer (db: Database, path: string): Checkpointer {
  const state = new Int32Array(new SharedArrayBuffer(4))
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  // No execArgv: the worker's plain CommonJS needs none of the parent's loaders (a test runner's hooks).
  const worker = new Worker(WORKER, { eval: true, execArgv: [], workerData: { path, driver, state: state.buffer } })
  worker.unref()
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`)
  // Without the worker, the writer checkpoints as SQLite does by default.
  worker.on('error', () => { if (db.open) db.pragma('wal_autocheckpoint = 1000') })
  // A worker that has ended, for whatever reason, has nothing left to close.
  const exited = new Promise<number>((resolve) => worker.once('exit', (code) => {
    Atomics.store(state, 0, CLOSED)
    resolve(code)
  }))
  return {
    exited,
    close: () => {
      if (Atomics.compareExchange(state, 0, STARTING, CANCELED) !== OPEN) return
      worker.postMessage('close')
      Atomics.wait(state, 0, OPEN, CLOSE_WAIT_MS)
    }
  }
}
