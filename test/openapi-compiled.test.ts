// The contract compiled by `npm run build` (src/openapi/compiled.ts) is what parsing
// openapi.yaml gives, and it is used only for the exact bytes it was made from.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { COMPILED_PATH, readCompiled, serializeCompiled } from '../src/openapi/compiled.ts'
import { SPEC_PATH, loadSpec, parseSpec } from '../src/openapi/spec.ts'

const text = readFileSync(SPEC_PATH, 'utf8')
const dir = mkdtempSync(join(tmpdir(), 'oncehub-mock-compiled-'))

/** Writes the compiled form of `source` and returns its path. */
async function compiled (source: string, name = 'contract.json'): Promise<string> {
  const json = await serializeCompiled(source, await parseSpec(source))
  if (json === undefined) throw new Error('not compiled')
  writeFileSync(join(dir, name), json)
  return join(dir, name)
}

t.test('a clone runs from source, which has no compiled contract', async (t) => {
  t.match(COMPILED_PATH.pathname, /\/src\/openapi\/contract\.json$/)
  t.equal(await readCompiled(COMPILED_PATH, text), undefined)
})

t.test('the compiled contract is openapi.yaml parsed, and the server loads it', async (t) => {
  const path = await compiled(text)
  const parsed = await parseSpec(text)
  t.strictSame(await readCompiled(path, text), parsed)
  const spec = await loadSpec(SPEC_PATH, path)
  t.equal(spec.text, text, 'the text, as ever, read from openapi.yaml')
  t.strictSame(spec.document, parsed.document)
  t.strictSame(spec.routes, parsed.routes)
})

t.test('a compiled contract made from other bytes is not used', async (t) => {
  const path = await compiled(text)
  const edited = text.replace('summary: This document, as JSON', 'summary: This document, in JSON')
  t.not(edited, text)
  const file = join(dir, 'openapi.yaml')
  writeFileSync(file, edited)
  t.equal(await readCompiled(path, edited), undefined)
  const spec = await loadSpec(file, path)
  t.equal(spec.document.paths['/openapi.json'].get.summary, 'This document, in JSON', 'openapi.yaml as it is now')
  t.strictSame(spec, { text: edited, ...await parseSpec(edited) })
})

t.test('a compiled contract with a forged or broken file is not used', async (t) => {
  const path = await compiled(text, 'forged.json')
  const forged = JSON.parse(readFileSync(path, 'utf8'))
  forged.document.info.title = 'Not the contract'
  writeFileSync(path, JSON.stringify({ ...forged, key: 'x'.repeat(64) }))
  t.equal(await readCompiled(path, text), undefined, 'a key made some other way')
  writeFileSync(path, '{"key":')
  t.equal(await readCompiled(path, text), undefined, 'not JSON')
  t.equal(await readCompiled(join(dir, 'missing.json'), text), undefined, 'no file')
})

t.test('what JSON cannot hold exactly is not compiled', async (t) => {
  // YAML's infinity, which JSON would write as null.
  const infinite = text.replace('  title: ', '  x-limit: .inf\n  title: ')
  t.not(infinite, text)
  t.equal((await parseSpec(infinite)).document.info['x-limit'], Infinity)
  t.equal(await serializeCompiled(infinite, await parseSpec(infinite)), undefined)
})
