// The code blocks of docs/recipes.md, as the recipe tests take them: a recipe runs as
// written, so one that drifts from what the mock does fails its test.

import { readFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'

const recipes = readFileSync(new URL('../../docs/recipes.md', import.meta.url), 'utf8')

/** The `index`th code block of `language` under the heading that starts with `heading` (and before the next one). */
export function recipe (heading: string, language: string, index = 0): string {
  const start = recipes.indexOf(`\n## ${heading}`)
  if (start < 0) throw new Error(`docs/recipes.md has no recipe '${heading}'`)
  const end = recipes.slice(start + 4).search(/^## /m)
  const section = recipes.slice(start, end < 0 ? undefined : start + 4 + end)
  const block = [...section.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))][index]
  if (block === undefined) throw new Error(`recipe '${heading}' has no ${language} block ${index}`)
  return block[1]!
}

/** A port nothing listens on now, picked by the system. */
export async function freePort (): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise((resolve) => probe.close(resolve))
  return port
}
