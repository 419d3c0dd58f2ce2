// The documentation as a reader follows it: every relative link in the README,
// CONTRIBUTING.md, BENCHMARKS.md and docs/ reaches a file that exists and, with a
// `#fragment`, a heading of it (as GitHub names its anchors); the README stays short.

import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const PAGES = ['README.md', 'CONTRIBUTING.md', 'BENCHMARKS.md', ...readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)]

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf (heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-')
}

/** The anchors of a Markdown page's headings, outside code blocks. */
function anchorsOf (text: string): Set<string> {
  const prose = text.replace(/```[\s\S]*?```/g, '')
  return new Set([...prose.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1]!)))
}

t.test('GitHub anchors, as the links below expect them', async (t) => {
  t.equal(anchorOf('Contacts, users, SMS and conversations'), 'contacts-users-sms-and-conversations')
  t.equal(anchorOf('Data, storage and start-up'), 'data-storage-and-start-up')
  t.equal(anchorOf('`email`.'), 'email')
})

t.test('every relative link reaches a file, and a heading when it names one', async (t) => {
  for (const page of PAGES) {
    const text = readFileSync(join(ROOT, page), 'utf8').replace(/```[\s\S]*?```/g, '')
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target!)) continue
      const [path, fragment] = target!.split('#') as [string, string | undefined]
      const file = path === '' ? join(ROOT, page) : join(ROOT, dirname(page), path)
      const name = `${page} → ${target!}`
      if (!existsSync(file)) {
        t.fail(`${name}: no such file`)
        continue
      }
      if (fragment !== undefined) t.ok(anchorsOf(readFileSync(file, 'utf8')).has(fragment), `${name}: a heading of ${relative(ROOT, file)}`)
      else t.pass(name)
    }
  }
})

t.test('the README is what a newcomer needs: at most about 200 lines', async (t) => {
  const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').length
  t.ok(lines <= 200, `README.md has ${lines} lines`)
})
