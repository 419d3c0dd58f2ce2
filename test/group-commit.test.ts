// Group commit (src/store/group-commit.ts): the writes of one turn of the event
// loop share one commit, nothing is reported settled before it is committed, a
// write that fails rolls back alone, and a failed commit undoes the whole group.

import t from 'tap'
import Database from 'better-sqlite3'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GroupCommit } from '../src/store/group-commit.ts'

function fileDatabase (): { db: Database.Database, path: string, commits: () => number } {
  const path = join(mkdtempSync(join(tmpdir(), 'oncehub-group-')), 'group.db')
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)')
  // Counts the commits that reach SQLite, whoever sends them.
  let commits = 0
  const exec = db.exec.bind(db)
  db.exec = (sql: string) => {
    if (sql === 'COMMIT') commits++
    return exec(sql)
  }
  return { db, path, commits: () => commits }
}

/** What another connection sees: only what has been committed. */
function committed (path: string): string[] {
  const reader = new Database(path, { readonly: true })
  try {
    return (reader.prepare('SELECT name FROM items ORDER BY id').pluck().all() as string[])
  } finally {
    reader.close()
  }
}

t.test('the writes of one turn share one commit, made when the turn ends', async (t) => {
  const { db, path, commits } = fileDatabase()
  t.teardown(() => db.close())
  const group = new GroupCommit(db, () => t.fail('nothing rolls back'))
  const insert = db.transaction((name: string) => db.prepare('INSERT INTO items (name) VALUES (?)').run(name))

  t.equal(group.settled(), undefined, 'nothing waits before a write')
  for (const name of ['a', 'b', 'c']) group.run(() => insert(name))
  const settled = group.settled()
  t.ok(settled, 'the writes wait for their commit')
  t.strictSame(committed(path), [], 'nothing is committed during the turn')
  await settled
  t.strictSame(committed(path), ['a', 'b', 'c'], 'all of them are committed when it settles')
  t.equal(commits(), 1, 'in one commit')
  t.equal(group.settled(), undefined, 'and nothing waits any more')

  group.run(() => insert('d'))
  await group.settled()
  t.equal(commits(), 2, 'a later turn has its own commit')
})

t.test('a write that fails rolls back alone', async (t) => {
  const { db, path } = fileDatabase()
  t.teardown(() => db.close())
  const group = new GroupCommit(db, () => t.fail('nothing rolls back'))
  const insertTwo = db.transaction((first: string, second: string | null) => {
    db.prepare('INSERT INTO items (name) VALUES (?)').run(first)
    db.prepare('INSERT INTO items (name) VALUES (?)').run(second)
  })
  group.run(() => insertTwo('a', 'b'))
  t.throws(() => group.run(() => insertTwo('half', null)), /NOT NULL/, 'the failing write throws')
  group.run(() => insertTwo('c', 'd'))
  await group.settled()
  t.strictSame(committed(path), ['a', 'b', 'c', 'd'], 'the others are committed, and nothing of the failed one')
})

t.test('a failed commit undoes the whole group and is reported', async (t) => {
  const { db, path } = fileDatabase()
  t.teardown(() => db.close())
  let rolledBack = 0
  const group = new GroupCommit(db, () => { rolledBack++ })
  group.run(() => db.prepare('INSERT INTO items (name) VALUES (?)').run('lost'))
  const exec = db.exec
  db.exec = (sql: string) => {
    if (sql === 'COMMIT') throw new Error('disk I/O error')
    return exec(sql)
  }
  await t.rejects(group.settled()!, /disk I\/O error/, 'whoever waits learns of the failure')
  db.exec = exec
  t.equal(rolledBack, 1, 'the store is told, to forget what it cached')
  t.notOk(db.inTransaction, 'the transaction is closed')
  t.strictSame(db.prepare('SELECT name FROM items').pluck().all(), [], 'the write is undone in this connection')
  t.strictSame(committed(path), [], 'and never reached the file')
})

t.test('flush() commits at once, and a later group is not cut short', async (t) => {
  const { db, path, commits } = fileDatabase()
  t.teardown(() => db.close())
  const group = new GroupCommit(db, () => t.fail('nothing rolls back'))
  group.run(() => db.prepare('INSERT INTO items (name) VALUES (?)').run('a'))
  const first = group.settled()
  group.flush()
  t.strictSame(committed(path), ['a'], 'flushed before the turn ended')
  group.run(() => db.prepare('INSERT INTO items (name) VALUES (?)').run('b'))
  const second = group.settled()
  t.not(second, first, 'the next write opens a new group')
  await first
  t.strictSame(committed(path), ['a'], "the first group's timer does not commit the second")
  await second
  t.strictSame(committed(path), ['a', 'b'], 'which commits at the end of its own turn')
  t.equal(commits(), 2)
})
