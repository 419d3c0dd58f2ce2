// What every request goes through before its handler: a Request-Id on the reply,
// the API-Key check for /v2, and the body rules of docs/where-the-mock-decides.md
// (an empty body is always fine, JSON must parse, GETs take no body).

import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import fp from 'fastify-plugin'
import { randomUUID } from 'node:crypto'
import type { Readable } from 'node:stream'
import { errors } from '../errors.ts'
import { DELIVERY_HEADER } from '../webhooks/dispatcher.ts'

/**
 * A request ID of OnceHub's shape: `req_` and 16 lowercase hex digits, the random
 * ones of a UUID (its second group and its last). randomUUID draws from a cache of
 * random bytes; randomBytes(8) asks the system each time, which made it the largest
 * single cost of a request (BENCHMARKS.md).
 */
export function newRequestId (): string {
  const uuid = randomUUID()
  return `req_${uuid.slice(9, 13)}${uuid.slice(24)}`
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set from openapi.yaml: the operation this route serves. */
    operationId?: string
    /** Set from openapi.yaml: does this operation need an API key? */
    authenticated?: boolean
  }
}

/** Request IDs, authentication and body parsing for the whole app. */
export const requestRules = fp(async (app: FastifyInstance, options: { apiKeys: ReadonlySet<string> | null }) => {
  // A hook in callback style: its checks are synchronous.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('Request-Id', request.id)
    if (request.headers.host === undefined && request.raw.httpVersion === '1.1') return done(errors.missingHost())
    // The router refuses a malformed percent-encoding in the path; the query
    // parser would keep one in a value as it is, so it is refused here.
    const query = request.url.indexOf('?')
    if (query >= 0 && !wellEncoded(request.url, query)) return done(errors.malformedUrl(request.url.slice(0, query)))
    // A subscription pointed at the mock itself must not loop: its deliveries are refused unread.
    if (request.headers[DELIVERY_HEADER] !== undefined) return done(errors.ownDelivery())
    if (needsKey(request) && !accepted(request.headers['api-key'], options.apiKeys)) return done(errors.invalidApiKey())
    // Fastify does not read bodies on GET or HEAD; the headers say whether one was
    // sent, except that a chunked one may be empty (`0\r\n\r\n`): that one is read.
    const method = request.method
    if (method !== 'GET' && method !== 'HEAD') return done()
    if (request.headers['transfer-encoding'] !== undefined) return readsEmpty(request.raw, (empty) => done(empty ? undefined : errors.bodyNotAllowed(method)))
    const length = request.headers['content-length']
    done(length === undefined || length === '0' ? undefined : errors.bodyNotAllowed(method))
  })

  // Clients send `Content-Type: application/json` with no body on GET and DELETE;
  // an empty body is therefore read as no body, whatever its type.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    if ((body as string).trim() === '') return done(null, undefined)
    // Values nested thousands deep overflow the stack of whatever walks them later
    // (validation messages, JSON.stringify): refused before they are parsed.
    if (nestedDeeperThan(body as string, MAX_BODY_DEPTH)) return done(errors.bodyTooDeep(MAX_BODY_DEPTH), undefined)
    try {
      done(null, JSON.parse(body as string))
    } catch {
      done(errors.invalidJson(), undefined)
    }
  })
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    if ((body as string) === '') return done(null, undefined)
    if (request.routeOptions.schema?.body === undefined) return done(errors.bodyNotAllowed(request.method), undefined)
    done(errors.unsupportedMediaType(request.headers['content-type'] ?? ''), undefined)
  })
  // Set per route, so that routes without a body pay nothing: a route with a body
  // schema and no body sent validates {} (optional bodies pass, and a required field
  // missing gets its own message); other routes refuse a body that was parsed.
  app.addHook('onRoute', (route) => {
    const check = route.schema?.body !== undefined ? defaultBody : route.method !== 'GET' && route.method !== 'HEAD' ? noBody : undefined
    if (check !== undefined) route.preValidation = [...[route.preValidation ?? []].flat(), check]
  })
}, { name: 'request-rules', fastify: '5.x' })

/** How deep arrays and objects may nest in a request body. */
export const MAX_BODY_DEPTH = 64

/** Whether arrays and objects in the JSON text `text` nest deeper than `limit`, brackets in strings aside. */
export function nestedDeeperThan (text: string, limit: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // a backslash escapes the next character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) {
      inString = true
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true
    } else if (c === 0x5d || c === 0x7d) {
      depth--
    }
  }
  return false
}

function defaultBody (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  // Only no body is {}: a body of `null` is a JSON value that is not an object.
  if (request.body === undefined) request.body = {}
  done()
}

function noBody (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  done(request.body === undefined ? undefined : errors.bodyNotAllowed(request.method))
}

// Operations say in openapi.yaml whether they need a key; an unknown URL under
// /v2 needs one too, so that a client without a key learns that first.
function needsKey (request: FastifyRequest): boolean {
  return request.routeOptions.config.authenticated ?? (request.url === '/v2' || request.url.startsWith('/v2/') || request.url.startsWith('/v2?'))
}

function wellEncoded (url: string, query: number): boolean {
  if (url.indexOf('%', query) < 0) return true
  try {
    decodeURIComponent(url.slice(query + 1))
    return true
  } catch {
    return false
  }
}

// Calls back once: true when the stream ends without a byte, false at the first byte.
function readsEmpty (stream: Readable, callback: (empty: boolean) => void): void {
  let answered = false
  const answer = (empty: boolean) => {
    if (answered) return
    answered = true
    stream.removeListener('data', onData)
    callback(empty)
  }
  const onData = (chunk: Buffer) => { if (chunk.length > 0) answer(false) }
  stream.on('data', onData)
  stream.once('end', () => answer(true))
  stream.once('error', () => answer(false))
}

function accepted (header: string | string[] | undefined, keys: ReadonlySet<string> | null): boolean {
  const key = typeof header === 'string' ? header.trim() : ''
  return key !== '' && (keys === null || keys.has(key))
}
