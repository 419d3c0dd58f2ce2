// openapi.yaml is the contract. It is read once; route schemas (path parameters,
// query strings, bodies) are derived from it here, so validation is never written
// twice. The raw text is kept so that /openapi.yaml serves the file byte for byte.

import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { JSONSchema } from '@apidevtools/json-schema-ref-parser'
import { load as parseYaml } from 'js-yaml'
import { dereference } from '@apidevtools/json-schema-ref-parser'

/** Where the contract lives, whatever the working directory. */
export const SPEC_PATH = fileURLToPath(new URL('../../openapi.yaml', import.meta.url))

export type Schema = Record<string, unknown>

interface Parameter {
  name: string
  in: 'query' | 'path' | 'header' | 'cookie'
  required?: boolean
  schema: Schema
}

interface Operation {
  operationId: string
  parameters?: Parameter[]
  requestBody?: { required?: boolean, content: Record<string, { schema: Schema }> }
  security?: unknown[]
}

/** What Fastify needs to register one operation. */
export interface RouteDefinition {
  method: string
  url: string
  schema: { params?: Schema, querystring?: Schema, body?: Schema }
  config: { operationId: string, authenticated: boolean }
}

/** The parsed, dereferenced contract and the routes derived from it. */
export interface Spec {
  /** openapi.yaml exactly as written. */
  text: string
  /** The parsed document, $refs as written: what /openapi.json serves. */
  document: Record<string, any>
  routes: ReadonlyMap<string, RouteDefinition>
}

const METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete'] as const

/** Reads and parses openapi.yaml. */
export async function loadSpec (path = SPEC_PATH): Promise<Spec> {
  const text = await readFile(path, 'utf8')
  return { text, ...await parseSpec(text) }
}

/** Parses and dereferences the text of an OpenAPI document. */
export async function parseSpec (text: string): Promise<Omit<Spec, 'text'>> {
  const document = parseYaml(text) as Record<string, any>
  // Dereferencing works on its own copy, so `document` keeps its $refs.
  const resolved = await dereference(structuredClone(document) as JSONSchema) as Record<string, any>
  const routes = new Map<string, RouteDefinition>()
  for (const [path, item] of Object.entries<Record<string, Operation>>(resolved.paths)) {
    for (const method of METHODS) {
      const operation = item[method]
      if (operation) routes.set(operation.operationId, toRoute(path, method, operation))
    }
  }
  return { document, routes }
}

/** The route for `operationId`; an unknown ID is a programming error. */
export function routeFor (spec: Spec, operationId: string): RouteDefinition {
  const route = spec.routes.get(operationId)
  if (route === undefined) throw new Error(`openapi.yaml has no operation '${operationId}'`)
  return route
}

/** The operation of openapi.yaml at `method` and `url` (a Fastify URL: `:param` or `*`), if there is one. */
export function operationAt (spec: Spec, method: string, url: string): RouteDefinition | undefined {
  for (const route of spec.routes.values()) {
    if (route.method !== method) continue
    const pattern = new RegExp('^' + route.url.replace(/:[^/]+/g, '[^/]+') + '$')
    if (pattern.test(url)) return route
  }
  return undefined
}

function toRoute (path: string, method: string, operation: Operation): RouteDefinition {
  const parameters = operation.parameters ?? []
  const schema: RouteDefinition['schema'] = {}
  const params = objectOf(parameters.filter((p) => p.in === 'path'))
  if (params) schema.params = params
  // Every operation gets a query schema, even an empty one, so that unknown
  // parameters are refused everywhere.
  schema.querystring = objectOf(parameters.filter((p) => p.in === 'query')) ?? objectOf([], true)
  const body = operation.requestBody?.content['application/json']?.schema
  if (body) schema.body = forAjv(body)
  return {
    method: method.toUpperCase(),
    url: path.replace(/\{([^}]+)\}/g, ':$1'),
    schema,
    // Operations whose `security` is empty (the /_mock ones and the docs) take no key.
    config: { operationId: operation.operationId, authenticated: operation.security?.length !== 0 }
  }
}

function objectOf (parameters: Parameter[], always = false): Schema | undefined {
  if (parameters.length === 0 && !always) return undefined
  return {
    type: 'object',
    properties: Object.fromEntries(parameters.map((p) => [p.name, plainInteger(forAjv(p.schema))])),
    required: parameters.filter((p) => p.required).map((p) => p.name),
    additionalProperties: false
  }
}

/** How an integer parameter must be written: plain decimal digits. */
export const INTEGER_TEXT = '^-?\\d+$'

// Parameters arrive as text, which the coercing Ajv reads as JavaScript would
// (`0x10`, `1e1`, ` 5 `, `+5`): an integer must first be plain decimal digits.
function plainInteger (schema: Schema): Schema {
  if (schema.type !== 'integer') return schema
  const { default: fallback, ...rest } = schema
  return { ...(fallback === undefined ? {} : { default: fallback }), allOf: [{ type: 'string', pattern: INTEGER_TEXT }, rest] }
}

// Fastify's Ajv is strict draft-07: it rejects unknown keywords such as `example`
// and `x-*`, so the copy it compiles leaves them out.
const DOC_ONLY = new Set(['example', 'examples', 'description', 'summary', 'deprecated'])

/** A deep copy of `schema` with documentation-only and vendor keys removed. */
export function forAjv (schema: unknown): any {
  if (Array.isArray(schema)) return schema.map(forAjv)
  if (schema === null || typeof schema !== 'object') return schema
  const out: Schema = {}
  for (const [key, value] of Object.entries(schema)) {
    if (DOC_ONLY.has(key) || key.startsWith('x-')) continue
    out[key] = key === 'properties'
      ? Object.fromEntries(Object.entries(value as Schema).map(([name, s]) => [name, forAjv(s)]))
      : forAjv(value)
  }
  return out
}
