// Checks responses and webhook deliveries against OnceHub's own contract
// (test/helpers/oncehub-contract.json: the facts of OnceHub's published OpenAPI document, as
// JSON Schema 2020-12), besides openapi.yaml (contract.ts). openapi.yaml says what
// the mock does; this says whether that is what OnceHub does. Each problem names the
// field. Fields OnceHub's schemas do not define are problems too, unless KEPT_EXTRAS
// keeps them (docs/where-the-mock-decides.md, "Fields beyond OnceHub's schemas").

import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { readFileSync } from 'node:fs'

/** OnceHub's contract, as the test suite holds it (copied from the project's shared folder). */
export const ONCEHUB_CONTRACT_PATH = new URL('./oncehub-contract.json', import.meta.url)

export type JsonSchema = Record<string, any>

export interface OncehubOperation {
  operationId: string
  method: string
  path: string
  parameters: Array<{ name: string, in: string, required?: boolean, schema: JsonSchema }>
  requestBody?: { required?: boolean, schema: JsonSchema }
  responses: Record<string, { schema?: JsonSchema, error_examples?: Array<{ type: string, message: string, param?: string }> }>
}

export interface OncehubContract {
  operations: OncehubOperation[]
  webhooks: Record<string, JsonSchema>
  components: { schemas: Record<string, JsonSchema> }
}

export const oncehub = JSON.parse(readFileSync(ONCEHUB_CONTRACT_PATH, 'utf8')) as OncehubContract

/**
 * Fields the mock sends that OnceHub's schemas do not define, each kept for the
 * reason the docs give: `<schema>.<path>`, where the schema is the component the
 * field sits in (or the operation's ID for an inline one).
 */
export const KEPT_EXTRAS: readonly string[] = [
  // Issue 20: OnceHub's redacted mode of deleted users and contacts (docs/where-the-mock-decides.md, "Deleted users and contacts").
  'User.deleted', 'Contact.deleted'
]

const ajv = new Ajv2020({ strict: false, allErrors: true })
addFormats.default(ajv)
ajv.addSchema({ ...oncehub, $id: 'oncehub' })
const validators = new Map<string, ValidateFunction>()

function validatorFor (schema: JsonSchema): ValidateFunction {
  const key = JSON.stringify(schema)
  let validate = validators.get(key)
  if (validate === undefined) validators.set(key, validate = ajv.compile(absolute(schema)))
  return validate
}

// A copy of a part of the contract whose `$ref`s name the contract, so that it compiles on its own.
function absolute (schema: unknown): any {
  if (Array.isArray(schema)) return schema.map(absolute)
  if (schema === null || typeof schema !== 'object') return schema
  return Object.fromEntries(Object.entries(schema).map(([key, value]) =>
    [key, key === '$ref' && typeof value === 'string' && value.startsWith('#') ? `oncehub${value}` : absolute(value)]))
}

/**
 * The schema of a response OnceHub documents only by example: the example's keys
 * and value types. A `null` in an example says nothing of the type the value has
 * when there is one, so it allows anything; an empty array allows any items.
 */
export function shapeSchema (shape: unknown): JsonSchema {
  if (Array.isArray(shape)) return shape.length === 0 ? { type: 'array' } : { type: 'array', items: shapeSchema(shape[0]) }
  if (shape !== null && typeof shape === 'object') {
    return { type: 'object', properties: Object.fromEntries(Object.entries(shape).map(([key, value]) => [key, shapeSchema(value)])) }
  }
  return shape === 'null' ? {} : { type: shape as string }
}

/** The schema of OnceHub's response `status` to `operation`, from its schema or its example's shape. */
export function responseSchema (operation: OncehubOperation, status: string): JsonSchema | undefined {
  const response = operation.responses[status] as { schema?: JsonSchema | null, example_shape?: unknown } | undefined
  if (response?.schema) return response.schema
  return response?.example_shape === undefined ? undefined : shapeSchema(response.example_shape)
}

const operations = oncehub.operations.map((operation) => ({
  operation,
  pattern: new RegExp('^' + operation.path.replace(/\{[^}]+\}/g, '[^/]+') + '$')
}))

/** OnceHub's operation at `method` and `path` (a path with `/v2`, no query), if it has one. */
export function oncehubOperation (method: string, path: string): OncehubOperation | undefined {
  return operations.find(({ operation, pattern }) => operation.method === method && pattern.test(path))?.operation
}

/**
 * Every way a response to `method` `url` breaks OnceHub's contract; empty when it
 * keeps it or is none of OnceHub's business (outside /v2). A documented status is
 * checked against its schema, any other 4xx or 5xx against Error.
 */
export function oncehubViolations (method: string, url: string, response: { statusCode: number, body: string }): string[] {
  const path = url.split('?')[0] ?? ''
  if (!path.startsWith('/v2') || method === 'HEAD') return []
  const operation = oncehubOperation(method, path)
  const status = String(response.statusCode)
  let schema = operation === undefined ? undefined : responseSchema(operation, status)
  let root = operation?.operationId ?? ''
  if (schema === undefined && response.statusCode >= 400) {
    schema = { $ref: '#/components/schemas/Error' }
    root = 'Error'
  } else if (schema === undefined) {
    return [`OnceHub documents no ${status} for ${method} ${path}`]
  }
  let body: unknown
  try {
    body = JSON.parse(response.body)
  } catch {
    return [`${method} ${path} ${status}: the body is not JSON`]
  }
  return violationsOf(schema, root, body).map((problem) => `OnceHub ${method} ${path} ${status}: ${problem}`)
}

/** Every way a webhook delivery's body breaks OnceHub's payload schema for its event type. */
export function oncehubWebhookViolations (event: unknown): string[] {
  const type = (event as { type?: unknown } | null)?.type
  if (typeof type !== 'string' || oncehub.webhooks[type] === undefined) return [`OnceHub sends no event of type ${JSON.stringify(type)}`]
  return violationsOf(oncehub.webhooks[type]!, type, event).map((problem) => `OnceHub event ${type}: ${problem}`)
}

/**
 * The names (as KEPT_EXTRAS lists them) of the fields beyond OnceHub's schemas in a
 * response to `method` `url`, or, for method `EVENT`, in a webhook event of type `url`.
 */
export function extrasOf (method: string, url: string, response: { statusCode: number, body: string }): string[] {
  const value = JSON.parse(response.body) as unknown
  if (method === 'EVENT') return extraFields(oncehub.webhooks[url]!, value, url).map((extra) => extra.name)
  const operation = oncehubOperation(method, url.split('?')[0] ?? '')
  const schema = operation === undefined ? undefined : responseSchema(operation, String(response.statusCode))
  return schema === undefined ? [] : extraFields(schema, value, operation!.operationId).map((extra) => extra.name)
}

function violationsOf (schema: JsonSchema, root: string, value: unknown): string[] {
  const validate = validatorFor(schema)
  const problems = validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
  for (const extra of extraFields(schema, value, root)) {
    if (!KEPT_EXTRAS.includes(extra.name)) problems.push(`${extra.at} is not in OnceHub's schema (${extra.name})`)
  }
  return problems
}

/** A field of a value that its schema does not define: where it is, and its name as KEPT_EXTRAS lists it. */
export interface ExtraField {
  at: string
  name: string
}

/**
 * The fields of `value` that `schema` does not define, walking objects, arrays,
 * `allOf` (merged), and `oneOf`/`anyOf` (the branch the value matches).
 */
export function extraFields (schema: JsonSchema, value: unknown, root: string, at = '', within = ''): ExtraField[] {
  const ref = schema.$ref as string | undefined
  if (ref !== undefined) {
    const name = /^#\/components\/schemas\/(\w+)$/.exec(ref)?.[1]
    return extraFields(resolve(ref.slice(1)), value, name ?? root, at, name === undefined ? within : '')
  }
  const branches = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined
  if (branches !== undefined) {
    const branch = branches.find((candidate) => matches(candidate, value))
    return branch === undefined ? [] : extraFields(branch, value, root, at, within)
  }
  if (Array.isArray(value)) {
    const items = schema.items as JsonSchema | undefined
    return items === undefined ? [] : value.flatMap((item, i) => extraFields(items, item, root, `${at}/${i}`, within))
  }
  if (value === null || typeof value !== 'object') return []
  const parts = [schema, ...((schema.allOf ?? []) as JsonSchema[])]
  const properties = new Map<string, JsonSchema[]>()
  const collect = (part: JsonSchema) => {
    const target = part.$ref === undefined ? part : resolve((part.$ref as string).slice(1))
    for (const nested of (target.allOf ?? []) as JsonSchema[]) if (nested !== part) collect(nested)
    for (const [name, property] of Object.entries((target.properties ?? {}) as Record<string, JsonSchema>)) {
      properties.set(name, [...(properties.get(name) ?? []), property])
    }
  }
  for (const part of parts) collect(part === schema ? { properties: schema.properties } : part)
  // A schema that defines no properties at all leaves the object open.
  if (properties.size === 0) return []
  const extras: ExtraField[] = []
  for (const [key, field] of Object.entries(value)) {
    const defined = properties.get(key)
    const path = within === '' ? key : `${within}.${key}`
    if (defined === undefined) extras.push({ at: `${at}/${key}`, name: `${root}.${path}` })
    else extras.push(...extraFields(defined.length === 1 ? defined[0]! : { allOf: defined }, field, root, `${at}/${key}`, path))
  }
  return extras
}

function matches (schema: JsonSchema, value: unknown): boolean {
  return validatorFor(schema)(value) as boolean
}

/** The part of OnceHub's contract at a JSON pointer (`/components/schemas/User`). */
export function resolve (pointer: string): JsonSchema {
  let node: any = oncehub
  for (const part of pointer.split('/').slice(1)) node = node?.[part.replaceAll('~1', '/').replaceAll('~0', '~')]
  if (node === undefined) throw new Error(`OnceHub's contract has nothing at ${pointer}`)
  return node as JsonSchema
}
