// Checkpoints off the event loop (src/store/checkpointer.ts): the worker copies what
// is committed into the database file while the writer keeps it open, the writer's
// own automatic checkpoint is only a backstop, and close() waits for the worker.

import t from 'tap'
import Database from 'better-sqlite3'
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { BACKSTOP_PAGES, startCheckpointer, type Checkpointer } from '../src/store/checkpointer.ts'

/** The rows the database file holds by itself, without its WAL: what checkpoints copied. */
function inFileAlone (path: string): number {
  const copy = `${path}.alone`
  copyFileSync(path, copy)
  const reader = new Database(copy, { readonly: true })
  try {
    return reader.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'items'").pluck().get() === 0
      ? 0
      : reader.prepare('SELECT count(*) FROM items').pluck().get() as number
  } finally {
    reader.close()
  }
}

t.test('the worker checkpoints while the writer keeps the file open', async (t) => {
  const path = join(mkdtempSync(join(tmpdir(), 'oncehub-checkpoint-')), 'c.db')
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  const checkpointer = startCheckpointer(db, path)
  t.equal(db.pragma('wal_autocheckpoint', { simple: true }), BACKSTOP_PAGES, 'the writer checkpoints only as a backstop')
  db.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)')
  const insert = db.prepare('INSERT INTO items (name) VALUES (?)')
  db.transaction(() => { for (let i = 0; i < 100; i++) insert.run(`item ${i}`) })()
  t.equal(inFileAlone(path), 0, 'a commit is in the WAL, not yet in the file')
  let copied = 0
  for (let waited = 0; waited < 5000 && copied === 0; waited += 50) {
    await sleep(50)
    copied = inFileAlone(path)
  }
  t.equal(copied, 100, 'the worker copied the commit into the file')
  checkpointer.close()
  db.close()
  t.notOk(existsSync(`${path}-wal`), 'the writer closed last: it removed the WAL')
})

// The worker's exit code. Its thread does not keep the process alive (unref), so a
// timer does while the test waits.
async function exitCode (checkpointer: Checkpointer): Promise<number> {
  const alive = setInterval(() => {}, 1000)
  try {
    return await checkpointer.exited
  } finally {
    clearInterval(alive)
  }
}

t.test('closed before its worker has started, the checkpointer never opens the file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oncehub-checkpoint-'))
  const path = join(dir, 'c.db')
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  // close() comes at once, long before a thread can start: nothing waits, and the
  // worker, when it starts, ends without opening the file. Had it tried, it would
  // have failed (the file is gone by then) and ended with 1.
  const checkpointer = startCheckpointer(db, path)
  checkpointer.close()
  db.close()
  rmSync(path)
  t.equal(await exitCode(checkpointer), 0, 'the worker ended without trying to open the file')
  t.strictSame(readdirSync(dir), [], 'and made nothing in its folder')
})

t.test('a file removed before the worker opens it is not made again', async (t) => {
  // As when a folder is removed while a server on a file in it is still up: the
  // worker, starting late, must not leave a new empty database behind.
  const dir = mkdtempSync(join(tmpdir(), 'oncehub-checkpoint-'))
  const path = join(dir, 'c.db')
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.exec('CREATE TABLE items (id INTEGER PRIMARY KEY)')
  const checkpointer = startCheckpointer(db, path)
  for (const file of readdirSync(dir)) rmSync(join(dir, file))
  t.equal(await exitCode(checkpointer), 1, 'the worker could not open the file')
  t.strictSame(readdirSync(dir), [], 'and made nothing in its folder')
  t.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1000, 'the writer checkpoints by itself again')
  checkpointer.close()
  db.close()
})
