// The scenarios of issue 7, the URLs they use on a given dataset, and what a
// correct answer is. A subject's first answer to each URL is checked in full
// (reference); under load every answer must then be byte for byte that answer,
// except cancels, whose every answer is parsed and must name its booking, canceled.

import type { Check } from './load.ts'
import { API_KEY } from './subjects.ts'

export interface Scenario {
  key: string
  title: string
  method: 'GET' | 'POST'
  /** The Fastify route the ceiling registers for it. */
  route: string
  /** A fixed URL, or none: cancels take a fresh booking for every request. */
  path?: string
  headers: Record<string, string>
  body?: string
  /** Checks a subject's answer in full; returns what is wrong, or null. */
  validate(answer: Answer, strict: boolean): string | null
}

export interface Answer {
  status: number
  body: string
  link: string | null
  requestId: string | null
}

const KEY = { 'API-Key': API_KEY }
const JSON_BODY = { ...KEY, 'Content-Type': 'application/json' }
const DAY = 86_400_000

/** IDs and dates the scenarios need, read from the dataset through the API. */
export interface Fixtures {
  bookingId: string
  deepCursor: string
  startingAfter: string
}

/** Finds the IDs the scenarios use on the server at `url` (reference date `referenceDate`). */
export async function findFixtures (url: string, referenceDate: string): Promise<Fixtures> {
  const ref = Date.parse(`${referenceDate}T00:00:00Z`)
  // The page after the newest booking created 120 days before the reference date:
  // where a client walking the whole list with `after` gets to, deep down.
  const deep = await getJson(url, `/v2/bookings?limit=1&creation_time.lt=${iso(ref - 120 * DAY)}`)
  const cursor = deep.data[0]?.id ?? (await getJson(url, '/v2/bookings?limit=1')).data[0].id
  const page = await getJson(url, `/v2/bookings?limit=1&after=${cursor}`)
  return { bookingId: page.data[0]?.id ?? cursor, deepCursor: cursor, startingAfter: iso(ref + 7 * DAY) }
}

/** The read scenarios (the cancel is separate: it needs a supply of bookings). */
export function readScenarios (f: Fixtures): Scenario[] {
  return [
    {
      key: 'get',
      title: 'GET /v2/bookings/{id}',
      method: 'GET',
      route: '/v2/bookings/:id',
      path: `/v2/bookings/${f.bookingId}`,
      headers: KEY,
      validate: (a, strict) => expect(a, 200, (b) => b.object === 'booking' && (!strict || b.id === f.bookingId))
    },
    {
      key: 'list',
      title: 'GET /v2/bookings?limit=10',
      method: 'GET',
      route: '/v2/bookings',
      path: '/v2/bookings?limit=10',
      headers: KEY,
      validate: (a, strict) => expect(a, 200, (b) => b.object === 'list' && (!strict || (b.data.length === 10 && b.has_more === true &&
        newestFirst(b.data) && a.link?.includes('rel="next"') === true)))
    },
    {
      key: 'filtered',
      title: 'GET /v2/bookings?limit=100&status=scheduled&starting_time.gt=…&expand=owner,booking_page',
      method: 'GET',
      route: '/v2/bookings',
      path: `/v2/bookings?limit=100&status=scheduled&starting_time.gt=${f.startingAfter}&expand=owner,booking_page`,
      headers: KEY,
      validate: (a, strict) => expect(a, 200, (b) => b.object === 'list' && (!strict || (b.data.length === 100 && newestFirst(b.data) &&
        b.data.every((x: any) => x.status === 'scheduled' && x.starting_time > f.startingAfter && x.owner?.object === 'user' &&
          (x.booking_page === '' || x.booking_page?.object === 'booking_page')))))
    },
    {
      key: 'deep',
      title: 'GET /v2/bookings?limit=10&after=… (deep in a cursor walk)',
      method: 'GET',
      route: '/v2/bookings',
      path: `/v2/bookings?limit=10&after=${f.deepCursor}`,
      headers: KEY,
      validate: (a, strict) => expect(a, 200, (b) => b.object === 'list' && (!strict || (b.data.length === 10 && newestFirst(b.data) &&
        b.data[0].id !== f.deepCursor && a.link?.includes('rel="next"') === true && a.link.includes('rel="previous"'))))
    },
    {
      key: '400',
      title: 'GET /v2/bookings?limit=1000 (400)',
      method: 'GET',
      route: '/v2/bookings',
      path: '/v2/bookings?limit=1000',
      headers: KEY,
      validate: (a, strict) => expect(a, 400, (b) => b.type === 'invalid_request_error' && (!strict || b.param === 'limit'))
    },
    {
      // Another booking than the get's, so that the ceiling tells the two apart by URL alone.
      key: '401',
      title: 'GET /v2/bookings/{id} without API-Key (401)',
      method: 'GET',
      route: '/v2/bookings/:id',
      path: `/v2/bookings/${f.deepCursor}`,
      headers: {},
      validate: (a, strict) => expect(a, 401, (b) => (!strict || b.type === 'authentication_error'))
    }
  ]
}

/** POST /v2/bookings/{id}/cancel, each request on another booking. */
export const cancelScenario: Scenario = {
  key: 'cancel',
  title: 'POST /v2/bookings/{id}/cancel (distinct bookings, file database)',
  method: 'POST',
  route: '/v2/bookings/:id/cancel',
  headers: JSON_BODY,
  body: '{"cancellation_reason":"bench"}',
  validate: (a, strict) => expect(a, 200, (b) => b.object === 'booking' && (!strict || b.status === 'canceled'))
}

/** Per-response check for oncehub-mock's cancels: the booking the path names, canceled. */
export const cancelCheck: Check = (status, body, _headers, path) => {
  if (status !== 200) return false
  const booking = JSON.parse(body)
  return booking.status === 'canceled' && path === `/v2/bookings/${booking.id}/cancel`
}

/** Per-response check: the same status, body and Link header as the reference. */
export function sameAs (reference: Answer): Check {
  // autocannon keeps header names as sent: Fastify's are lowercase, Prism's capitalized.
  return (status, body, headers) => status === reference.status && body === reference.body && (headers.link ?? headers.Link ?? null) === reference.link
}

/** Sends one request as a scenario would and reads the whole answer. */
export async function fetchAnswer (url: string, scenario: Scenario, path: string): Promise<Answer> {
  const response = await fetch(url + path, { method: scenario.method, headers: scenario.headers, body: scenario.body })
  return { status: response.status, body: await response.text(), link: response.headers.get('link'), requestId: response.headers.get('request-id') }
}

/** Cancelable, unpaid bookings, newest first, read from the list (at most `count`). */
export async function cancelable (url: string, count: number): Promise<string[]> {
  const ids: string[] = []
  let path: string | null = '/v2/bookings?limit=100&status=scheduled,requested,rescheduled'
  while (path !== null && ids.length < count) {
    const response: Response = await fetch(url + path, { headers: KEY })
    const page = await response.json() as any
    for (const b of page.data) if (b.payment_information === null && ids.length < count) ids.push(b.id)
    const next: string | undefined = /<([^>]+)>; rel="next"/.exec(response.headers.get('link') ?? '')?.[1]
    path = next === undefined ? null : new URL(next).pathname + new URL(next).search
  }
  return ids
}

function expect (a: Answer, status: number, ok: (body: any) => boolean): string | null {
  if (a.status !== status) return `status ${a.status}, expected ${status}: ${a.body.slice(0, 200)}`
  try {
    return ok(JSON.parse(a.body)) ? null : `unexpected body: ${a.body.slice(0, 300)}`
  } catch {
    return `not JSON: ${a.body.slice(0, 200)}`
  }
}

function newestFirst (data: Array<{ creation_time: string, id: string }>): boolean {
  return data.every((b, i) => i === 0 || data[i - 1]!.creation_time > b.creation_time ||
    (data[i - 1]!.creation_time === b.creation_time && data[i - 1]!.id > b.id))
}

/** The JSON answer of a GET the server must answer with 200. */
export async function getJson (url: string, path: string): Promise<any> {
  const response = await fetch(url + path, { headers: KEY })
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`)
  return await response.json()
}

function iso (ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z')
}
