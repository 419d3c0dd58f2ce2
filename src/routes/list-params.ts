// What every list shares: limit and cursors, strict date ranges, the envelope and
// the Link header. Resources differ only in their filters.

import type { FastifyReply, FastifyRequest } from 'fastify'
import { errors } from '../errors.ts'
import { parseInstant, timestamp } from '../time.ts'
import { UnknownCursor, type Page, type PageRequest } from '../store/list.ts'
import type { TimeField } from '../store/booking-reads.ts'

/** A list's query as validated: the schema has checked each value's type. */
export type Query = Readonly<Record<string, unknown>>

/** limit, after and before, checked. */
export function pageRequest (query: { limit?: number, after?: string, before?: string }): PageRequest {
  if (query.after !== undefined && query.before !== undefined) throw errors.bothCursors()
  const request: PageRequest = { limit: query.limit ?? 10 }
  if (query.after) request.after = query.after
  if (query.before) request.before = query.before
  return request
}

/** The strict `<field>.gt` / `<field>.lt` bounds in `query`, as canonical timestamps. */
export function timeBounds<F extends TimeField> (query: Query, fields: readonly F[]): Array<{ field: F, op: '>' | '<', value: string }> {
  const bounds: Array<{ field: F, op: '>' | '<', value: string }> = []
  for (const field of fields) {
    const gt = instant(query, `${field}.gt`)
    const lt = instant(query, `${field}.lt`)
    if (gt !== undefined && lt !== undefined && gt > lt) throw errors.reversedRange(field)
    // Stored times are whole seconds, so "later than x" is "later than x rounded
    // down" and "earlier than x" is "earlier than x rounded up".
    if (gt !== undefined) bounds.push({ field, op: '>', value: timestamp(gt) })
    if (lt !== undefined) bounds.push({ field, op: '<', value: timestamp(Math.ceil(lt / 1000) * 1000) })
  }
  return bounds
}

// The schema has checked the shape (a date or a date-time); parseInstant refuses
// what the shape allows but no calendar has, and what the mock cannot write.
function instant (query: Query, name: string): number | undefined {
  const value = query[name]
  if (typeof value !== 'string') return undefined
  const ms = parseInstant(value, true)
  if (ms === undefined) throw errors.invalidDate(name, value)
  return ms
}

/** Runs a page query, turning an unknown cursor into OnceHub's error for `resource`. */
export function runPage<T> (resource: string, query: () => Page<T>): Page<T> {
  try {
    return query()
  } catch (error) {
    if (error instanceof UnknownCursor) throw errors.unknownCursor(resource, error.id, error.param)
    throw error
  }
}

/** Sets the Link header for `page` (of `limit` objects at most) and returns the list envelope. */
export function listResponse<T, R> (request: FastifyRequest, reply: FastifyReply, page: Page<T & { id: string }>, limit: number, render: (object: T) => R): { object: 'list', data: R[], has_more: boolean } {
  setLinks(request, reply, page, limit)
  return { object: 'list', data: page.data.map(render), has_more: page.hasMore }
}

/** listResponse for objects already in JSON: the envelope as JSON, sent as it is. */
export function listResponseJson (request: FastifyRequest, reply: FastifyReply, page: Page<{ id: string, json: string }>, limit: number): string {
  setLinks(request, reply, page, limit)
  reply.type('application/json; charset=utf-8')
  // Joined in one go, the page is one flat string: made of pieces (a template), it
  // would be flattened again by Content-Length's count and by the send (BENCHMARKS.md).
  const parts = ['{"object":"list","data":[']
  page.data.forEach((object, i) => parts.push(i === 0 ? '' : ',', object.json))
  parts.push(`],"has_more":${page.hasMore}}`)
  return parts.join('')
}

function setLinks (request: FastifyRequest, reply: FastifyReply, page: Page<{ id: string }>, limit: number): void {
  const links: string[] = []
  const first = page.data[0]
  const last = page.data.at(-1)
  if (page.hasNext && last) links.push(`<${pageUrl(request, 'after', last.id, limit)}>; rel="next"`)
  if (page.hasPrevious && first) links.push(`<${pageUrl(request, 'before', first.id, limit)}>; rel="previous"`)
  if (links.length > 0) reply.header('Link', links.join(', '))
}

// The same URL with every filter kept, and the cursor and limit replaced. Its origin
// is ONCEHUB_MOCK_PUBLIC_URL when set (the proxy in front); else an absolute-form
// target (`GET http://host/v2/...`, as forward proxies send) names its own; else it
// is the Host the client called or, for HTTP/1.0 without one, the address the
// connection reached.
function pageUrl (request: FastifyRequest, cursor: 'after' | 'before', id: string, limit: number): string {
  const absolute = /^(https?:\/\/[^/?#]*)(.*)$/i.exec(request.url)
  const origin = request.server.config.publicUrl ?? absolute?.[1] ?? `${request.protocol}://${authority(request)}`
  const target = absolute?.[2] ?? request.url
  const query = target.indexOf('?')
  const params = new URLSearchParams(query < 0 ? '' : target.slice(query + 1))
  params.delete('after')
  params.delete('before')
  params.delete('limit')
  params.set(cursor, id)
  params.set('limit', String(limit))
  return `${origin}${query < 0 ? target : target.slice(0, query)}?${params.toString()}`
}

function authority (request: FastifyRequest): string {
  if (request.host) return request.host
  const { localAddress, localPort } = request.socket
  if (localAddress === undefined) return 'localhost'
  return `${localAddress.includes(':') ? `[${localAddress}]` : localAddress}:${localPort}`
}
