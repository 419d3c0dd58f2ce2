// Where an in-memory store keeps its database (src/store/database.ts): a file of its
// own, unlinked once open, in memory's folder when the machine has one large enough,
// so that the kernel has nothing to write out to disk; in TMPDIR when it is set.

import { mkdtempSync, readFileSync, statfsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { temporaryFolder } from '../../src/store/database.ts'
import { createStore } from '../../src/store/store.ts'

/** The folders of the deleted database files this process has mapped. */
function mappedDatabaseFolders (): string[] {
  const lines = readFileSync('/proc/self/maps', 'utf8').split('\n').filter((line) => / \/.*\/oncehub-mock-[0-9a-f-]+\.db \(deleted\)$/.test(line))
  return [...new Set(lines.map((line) => line.slice(line.indexOf('/'), line.lastIndexOf('/'))))]
}

function withTmpdir (t: Test, value: string | undefined): void {
  const saved = process.env.TMPDIR
  t.teardown(() => { if (saved === undefined) delete process.env.TMPDIR; else process.env.TMPDIR = saved })
  if (value === undefined) delete process.env.TMPDIR
  else process.env.TMPDIR = value
}

t.test('with TMPDIR set, the database is a deleted file in it', async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'oncehub-tmpdir-'))
  withTmpdir(t, folder)
  t.equal(temporaryFolder(), folder)
  const store = createStore(null)
  t.teardown(() => store.close())
  t.ok(mappedDatabaseFolders().includes(folder), 'mapped from TMPDIR, and already unlinked')
})

t.test('with the default temporary folder, /dev/shm when it is a memory file system of 1 GiB or more', async (t) => {
  withTmpdir(t, undefined)
  const shm = (() => { try { return statfsSync('/dev/shm') } catch { return undefined } })()
  const large = shm !== undefined && shm.type === 0x01021994 && shm.blocks * shm.bsize >= 2 ** 30
  const expected = large ? '/dev/shm' : '/tmp'
  t.equal(temporaryFolder(), expected, large ? 'this machine has a large /dev/shm' : 'this machine has no large /dev/shm')
  const store = createStore(null)
  t.teardown(() => store.close())
  t.ok(mappedDatabaseFolders().includes(expected), `mapped from ${expected}, and already unlinked`)
})
