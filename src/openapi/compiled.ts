// The contract compiled at build time: openapi.yaml parsed and its routes derived,
// stored as JSON with a key made of the exact bytes of openapi.yaml and of the code
// that derived them. Any other bytes, or other code, get the key wrong, and the
// server parses openapi.yaml itself: it never serves a contract the file does not say.

import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { isDeepStrictEqual } from 'node:util'
import type { RouteDefinition, Spec } from './spec.ts'

/** Where the build puts the compiled contract: next to the code that reads it, so a clone's source has none. */
export const COMPILED_PATH = new URL('./contract.json', import.meta.url)

type Parsed = Omit<Spec, 'text'>

interface Compiled {
  key: string
  document: Record<string, any>
  routes: Array<[string, RouteDefinition]>
}

// The code whose output is stored: this file and spec's, as run (source or build).
const CODE = ['spec', 'compiled'].map((name) => new URL(`./${name}.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url))

/** The key of the contract `text` as this code parses it. */
export async function contractKey (text: string): Promise<string> {
  const hash = createHash('sha256')
  for (const file of CODE) hash.update(await readFile(file)).update('\0')
  return hash.update(text).digest('hex')
}

/** The parsed contract stored at `path` for `text`, or undefined when there is none for these bytes. */
export async function readCompiled (path: URL | string, text: string): Promise<Parsed | undefined> {
  let compiled: Compiled
  try {
    compiled = JSON.parse(await readFile(path, 'utf8')) as Compiled
  } catch {
    // None (a clone's source, a build without openapi.yaml) or unreadable: parse instead.
    return undefined
  }
  if (compiled.key !== await contractKey(text)) return undefined
  return { document: compiled.document, routes: new Map(compiled.routes) }
}

/** The JSON to store for `text` parsed as `parsed`, or undefined when JSON cannot hold it exactly (a YAML date, say). */
export async function serializeCompiled (text: string, parsed: Parsed): Promise<string | undefined> {
  const compiled: Compiled = { key: await contractKey(text), document: parsed.document, routes: [...parsed.routes] }
  const json = JSON.stringify(compiled)
  const back = JSON.parse(json) as Compiled
  const exact = isDeepStrictEqual(back.document, parsed.document) && isDeepStrictEqual(new Map(back.routes), parsed.routes)
  return exact ? json : undefined
}
