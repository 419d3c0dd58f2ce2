// `npm run build`'s last step: stores openapi.yaml parsed (compiled.ts) next to the
// compiled code, so that the server does not parse it at every start.

import { readFile, rm, writeFile } from 'node:fs/promises'
import { COMPILED_PATH, serializeCompiled } from './compiled.ts'
import { SPEC_PATH, parseSpec } from './spec.ts'

let text: string | undefined
try {
  text = await readFile(SPEC_PATH, 'utf8')
} catch {
  // A build without the contract beside it: the server will parse openapi.yaml at start.
}
const json = text === undefined ? undefined : await serializeCompiled(text, await parseSpec(text))
await rm(COMPILED_PATH, { force: true })
if (json !== undefined) await writeFile(COMPILED_PATH, json)
console.log(json !== undefined
  ? `compiled the contract into ${COMPILED_PATH.pathname}`
  : `no compiled contract: ${text === undefined ? `${SPEC_PATH} not found` : 'openapi.yaml holds values JSON cannot'}; the server parses openapi.yaml at start`)
