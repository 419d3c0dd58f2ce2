// Checks responses against openapi.yaml: the operation's documented status, its
// JSON body schema (with no field the schema does not list), and its headers; and
// against OnceHub's own contract (oncehub.ts), events in the delivery log included.

import { dereference } from '@apidevtools/json-schema-ref-parser'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { readFileSync } from 'node:fs'
import { load as parseYaml } from 'js-yaml'
import { SPEC_PATH } from '../../src/openapi/spec.ts'
import { oncehubViolations, oncehubWebhookViolations } from './oncehub.ts'

interface Operation {
  method: string
  pattern: RegExp
  responses: Record<string, { headers?: Record<string, { schema: object }>, content?: Record<string, { schema: object }> }>
}

export interface CheckedResponse {
  statusCode: number
  headers: Record<string, string | string[] | number | undefined>
  body: string
}

/** openapi.yaml, its $refs resolved. */
export const document = await dereference(parseYaml(readFileSync(SPEC_PATH, 'utf8')) as object) as any
const ajv = new Ajv2020({ strict: false, allErrors: true })
addFormats.default(ajv)

const operations: Operation[] = []
for (const [path, item] of Object.entries<any>(document.paths)) {
  for (const [method, operation] of Object.entries<any>(item)) {
    const pattern = new RegExp('^' + path.replace(/\{[^}]+\}/g, '[^/]+') + '$')
    operations.push({ method: method.toUpperCase(), pattern, responses: operation.responses })
  }
}
const errorSchema = strict(document.components.schemas.Error)
const validators = new Map<object, ValidateFunction>()

// The contract says exactly what the server sends: an object schema that lists its
// properties allows no others, unless it says so itself.
function strict (schema: any): any {
  if (Array.isArray(schema)) return schema.map(strict)
  if (schema === null || typeof schema !== 'object') return schema
  const out: any = {}
  for (const [key, value] of Object.entries(schema)) {
    out[key] = key === 'properties'
      ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, strict(v)]))
      : strict(value)
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false
  return out
}

function validatorFor (schema: object): ValidateFunction {
  let validate = validators.get(schema)
  if (!validate) {
    validate = ajv.compile(strict(schema))
    validators.set(schema, validate)
  }
  return validate
}

/** Every way `response` breaks openapi.yaml or OnceHub's contract; empty when it keeps both. */
export function contractViolations (method: string, url: string, response: CheckedResponse): string[] {
  return [...mockContractViolations(method, url, response), ...oncehubViolations(method, url, response), ...loggedEventViolations(method, url, response)]
}

// The delivery log shows each event as it was sent: it must be OnceHub's payload.
function loggedEventViolations (method: string, url: string, response: CheckedResponse): string[] {
  const path = url.split('?')[0] ?? ''
  if (method === 'HEAD' || response.statusCode !== 200 || !path.startsWith('/_mock/webhook-deliveries')) return []
  const body = JSON.parse(response.body) as { data?: Array<{ event: unknown }>, event?: unknown }
  const events = body.data?.map((delivery) => delivery.event) ?? [body.event]
  return events.flatMap((event) => oncehubWebhookViolations(event))
}

function mockContractViolations (method: string, url: string, response: CheckedResponse): string[] {
  const problems: string[] = []
  const path = url.split('?')[0] ?? ''
  if (!/^req_[0-9a-f]{16}$/.test(String(response.headers['request-id']))) problems.push(`Request-Id header is ${response.headers['request-id']}`)
  const operation = operations.find((op) => op.method === method && op.pattern.test(path))
  // A response to HEAD has the headers of the GET and no body.
  const head = method === 'HEAD'
  if (head && response.body !== '') problems.push('a body in a response to HEAD')
  if (operation === undefined) {
    // A URL outside the contract can only fail: 404, or an error found before routing.
    if (response.statusCode < 400 || response.statusCode >= 500) problems.push(`${method} ${path} is not in openapi.yaml but answered ${response.statusCode}`)
    if (!head && !validatorFor(errorSchema)(JSON.parse(response.body))) problems.push('body is not an Error')
    return problems
  }
  const documented = operation.responses[String(response.statusCode)] ??
    (response.statusCode >= 400 ? operation.responses.default : undefined)
  if (documented === undefined) {
    problems.push(`${method} ${path} answered ${response.statusCode}, which openapi.yaml does not list`)
    return problems
  }
  const contentType = String(response.headers['content-type'] ?? '').split(';')[0] ?? ''
  const schema = documented.content?.[contentType]?.schema
  if (documented.content === undefined) {
    // A response documented without content (a redirect) has none.
    if (response.body !== '') problems.push(`${method} ${path} ${response.statusCode}: a body where openapi.yaml documents none`)
  } else if (schema === undefined) {
    problems.push(`${method} ${path} ${response.statusCode}: no schema for content type '${contentType}'`)
  } else if (contentType === 'application/json' && !head) {
    const validate = validatorFor(schema)
    if (!validate(JSON.parse(response.body))) problems.push(...(validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`))
  }
  if (response.headers.link !== undefined && documented.headers?.Link === undefined) problems.push('Link header on a response that documents none')
  return problems
}

/** Every way `value` breaks the schema named `name` in components.schemas; empty when it keeps it. */
export function schemaViolations (name: string, value: unknown): string[] {
  const schema = document.components.schemas[name]
  if (schema === undefined) return [`openapi.yaml has no schema ${name}`]
  const validate = validatorFor(schema)
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)
}
