// Bad input of every kind gets OnceHub's error body with the right status, never a
// 500, and changes nothing stored.

import { createHash } from 'node:crypto'
import t from 'tap'
import { client, dateMessage, invalid, type Client } from '../helpers/app.ts'

interface Case {
  name: string
  url: string
  method?: string
  headers?: Record<string, string>
  payload?: string
  status: number
  body: { type: string, message: string, param?: string }
}

const statusMessage = (value: string) => `Invalid status: '${value}'. Use one or more of requested, scheduled, rescheduled, completed, canceled, no_show, separated by commas.`
const json = { 'content-type': 'application/json' }

const CASES: Case[] = [
  // Documented by OnceHub, word for word.
  { name: 'unknown parameter', url: '/v2/bookings?start_date=2026-01-01', status: 400, body: invalid('Received unknown parameter: start_date', 'start_date') },
  { name: 'a typo of a real filter', url: '/v2/bookings?start_time.gt=2026-01-01', status: 400, body: invalid('Received unknown parameter: start_time.gt', 'start_time.gt') },
  { name: 'filters that OnceHub never had', url: '/v2/bookings?sort=asc', status: 400, body: invalid('Received unknown parameter: sort', 'sort') },
  { name: 'unknown parameter on a single booking', url: '/v2/bookings/BKNG-X?status=canceled', status: 400, body: invalid('Received unknown parameter: status', 'status') },
  { name: 'limit above 100', url: '/v2/bookings?limit=500', status: 400, body: invalid('Out of range value: 500. Please provide a number between 1 and 100.', 'limit') },
  { name: 'limit 0', url: '/v2/bookings?limit=0', status: 400, body: invalid('Out of range value: 0. Please provide a number between 1 and 100.', 'limit') },
  { name: 'negative limit', url: '/v2/bookings?limit=-5', status: 400, body: invalid('Out of range value: -5. Please provide a number between 1 and 100.', 'limit') },
  { name: 'both cursors', url: '/v2/bookings?after=BKNG-A&before=BKNG-B', status: 400, body: invalid('Received both before and after parameters. Please provide only one.') },
  { name: 'reversed creation range', url: '/v2/bookings?creation_time.gt=2026-02-01&creation_time.lt=2026-01-01', status: 400, body: invalid('creation_time.gt cannot be later than creation_time.lt', 'creation_time.gt') },
  { name: 'reversed starting range', url: '/v2/bookings?starting_time.gt=2026-01-01T10:00:00Z&starting_time.lt=2026-01-01T09:59:59Z', status: 400, body: invalid('starting_time.gt cannot be later than starting_time.lt', 'starting_time.gt') },
  { name: 'reversed update range', url: '/v2/bookings?last_updated_time.gt=2026-01-02&last_updated_time.lt=2026-01-01', status: 400, body: invalid('last_updated_time.gt cannot be later than last_updated_time.lt', 'last_updated_time.gt') },
  { name: 'unexpandable property', url: '/v2/bookings?expand=invalid_property', status: 400, body: invalid('This property cannot be expanded: invalid_property', 'expand') },
  { name: 'nested expansion', url: '/v2/bookings?expand=owner.teams', status: 400, body: invalid('This property cannot be expanded: owner.teams', 'expand') },
  { name: 'data. prefix on a single booking', url: '/v2/bookings/BKNG-X?expand=data.owner', status: 400, body: invalid('This property cannot be expanded: data.owner', 'expand') },
  { name: 'an unexpandable name after good ones', url: '/v2/bookings?expand=owner,%20data.contact%20,,hosts,bogus', status: 400, body: invalid('This property cannot be expanded: hosts', 'expand') },
  { name: 'unknown booking', url: '/v2/bookings/123', status: 404, body: invalid("No such booking: '123'", 'id') },
  { name: 'missing key', url: '/v2/bookings', headers: { 'api-key': '' }, status: 401, body: { type: 'authentication_error', message: 'Invalid API key.' } },
  // Decided by the mock (docs/where-the-mock-decides.md).
  { name: 'limit not a number', url: '/v2/bookings?limit=ten', status: 400, body: invalid('Invalid integer: ten', 'limit') },
  { name: 'limit a fraction', url: '/v2/bookings?limit=2.5', status: 400, body: invalid('Invalid integer: 2.5', 'limit') },
  { name: 'limit given twice', url: '/v2/bookings?limit=2&limit=3', status: 400, body: invalid('Received more than one value for parameter: limit', 'limit') },
  { name: 'status given twice', url: '/v2/bookings?status=canceled&status=completed', status: 400, body: invalid('Received more than one value for parameter: status', 'status') },
  { name: 'unknown status', url: '/v2/bookings?status=cancelled', status: 400, body: invalid(statusMessage('cancelled'), 'status') },
  { name: 'v1 status spelling', url: '/v2/bookings?status=No-Show', status: 400, body: invalid(statusMessage('No-Show'), 'status') },
  { name: 'empty item in status list', url: '/v2/bookings?status=canceled,', status: 400, body: invalid(statusMessage('canceled,'), 'status') },
  { name: 'unknown after cursor', url: '/v2/bookings?after=BKNG-NOPE', status: 400, body: invalid("No such booking: 'BKNG-NOPE'", 'after') },
  { name: 'unknown before cursor', url: '/v2/bookings?before=nope', status: 400, body: invalid("No such booking: 'nope'", 'before') },
  { name: 'date in words', url: '/v2/bookings?starting_time.gt=yesterday', status: 400, body: invalid(dateMessage('yesterday'), 'starting_time.gt') },
  { name: 'month 13', url: '/v2/bookings?creation_time.lt=2026-13-01', status: 400, body: invalid(dateMessage('2026-13-01'), 'creation_time.lt') },
  { name: 'February 30th', url: '/v2/bookings?creation_time.lt=2026-02-30', status: 400, body: invalid(dateMessage('2026-02-30'), 'creation_time.lt') },
  { name: 'date-time without a zone', url: '/v2/bookings?last_updated_time.gt=2026-01-01T10:00:00', status: 400, body: invalid(dateMessage('2026-01-01T10:00:00'), 'last_updated_time.gt') },
  { name: 'unix time', url: '/v2/bookings?last_updated_time.gt=1767225600', status: 400, body: invalid(dateMessage('1767225600'), 'last_updated_time.gt') },
  { name: 'a leap second', url: '/v2/bookings?starting_time.lt=2026-12-31T23:59:60Z', status: 400, body: invalid(dateMessage('2026-12-31T23:59:60Z'), 'starting_time.lt') },
  { name: 'an hour-only offset', url: '/v2/bookings?starting_time.lt=2026-12-05T10:00:00%2B02', status: 400, body: invalid(dateMessage('2026-12-05T10:00:00+02'), 'starting_time.lt') },
  { name: 'an offset without its colon', url: '/v2/contacts?creation_time.gt=2026-01-01T00:00:00%2B0100', status: 400, body: invalid(dateMessage('2026-01-01T00:00:00+0100'), 'creation_time.gt') },
  { name: 'a UTC year past 9999', url: '/v2/bookings?creation_time.gt=9999-12-31T23:59:59-23:59', status: 400, body: invalid(dateMessage('9999-12-31T23:59:59-23:59'), 'creation_time.gt') },
  { name: 'a year before 100 is a year', url: '/v2/bookings?creation_time.lt=0050-01-01T00:00:00Z', status: 200, body: invalid('') },
  { name: 'year 0000 is a year', url: '/v2/contacts?creation_time.lt=0000-01-01', status: 200, body: invalid('') },
  { name: 'SQL in a filter', url: `/v2/bookings?owner=${encodeURIComponent("' OR 1=1 --")}`, status: 200, body: invalid('') },
  { name: 'SQL in a date', url: `/v2/bookings?creation_time.gt=${encodeURIComponent("2026-01-01' OR '1'='1")}`, status: 400, body: invalid(dateMessage("2026-01-01' OR '1'='1"), 'creation_time.gt') },
  { name: 'SQL in an ID', url: `/v2/bookings/${encodeURIComponent("x'; DROP TABLE bookings; --")}`, status: 404, body: invalid("No such booking: 'x'; DROP TABLE bookings; --'", 'id') },
  { name: 'SQL in a cursor', url: `/v2/bookings?after=${encodeURIComponent('1) OR (1=1')}`, status: 400, body: invalid("No such booking: '1) OR (1=1'", 'after') },
  { name: 'SQL in expand', url: `/v2/bookings?expand=${encodeURIComponent('owner; DELETE FROM users')}`, status: 400, body: invalid('This property cannot be expanded: owner; DELETE FROM users', 'expand') },
  { name: 'very long filter', url: `/v2/bookings?owner=${'x'.repeat(5000)}`, status: 400, body: invalid('Invalid owner: must be at most 256 characters.', 'owner') },
  { name: 'very long ID', url: `/v2/bookings/${'x'.repeat(600)}`, status: 400, body: invalid('Invalid id: must be at most 256 characters.', 'id') },
  { name: 'absurdly long ID', url: `/v2/bookings/${'x'.repeat(5000)}`, status: 414, body: invalid('A segment of the URL path is too long.') },
  { name: 'bracketed parameter', url: '/v2/bookings?limit[gt]=1', status: 400, body: invalid('Received unknown parameter: limit[gt]', 'limit[gt]') },
  { name: 'an empty booking ID', url: '/v2/bookings/', status: 404, body: invalid('Unrecognized request URL (GET: /v2/bookings/).') },
  { name: 'an empty user ID', url: '/v2/users/?email=x', status: 404, body: invalid('Unrecognized request URL (GET: /v2/users/).') },
  { name: 'an empty ID before an action', url: '/v2/bookings//cancel', method: 'POST', status: 404, body: invalid('Unrecognized request URL (POST: /v2/bookings//cancel).') },
  { name: 'an empty delivery ID', url: '/_mock/webhook-deliveries//redeliver', method: 'POST', status: 404, body: invalid('Unrecognized request URL (POST: /_mock/webhook-deliveries//redeliver).') },
  { name: 'malformed percent-encoding', url: '/v2/bookings/%E0%A4%A', status: 400, body: invalid('Malformed URL: /v2/bookings/%E0%A4%A') },
  { name: 'malformed percent-encoding in a query value', url: '/v2/bookings?owner=%ZZ', status: 400, body: invalid('Malformed URL: /v2/bookings') },
  { name: 'a truncated UTF-8 sequence in a query value', url: '/v2/users?email=%E0%A4%A', status: 400, body: invalid('Malformed URL: /v2/users') },
  { name: 'a lone % in a query value', url: '/v2/bookings/BKNG-X?expand=%', status: 400, body: invalid('Malformed URL: /v2/bookings/BKNG-X') },
  { name: 'malformed percent-encoding in a query name', url: '/v2/contacts?%ZZ=1', status: 400, body: invalid('Malformed URL: /v2/contacts') },
  { name: 'unknown route', url: '/v2/bookingz', status: 404, body: invalid('Unrecognized request URL (GET: /v2/bookingz).') },
  { name: 'unknown method', url: '/v2/bookings', method: 'DELETE', status: 404, body: invalid('Unrecognized request URL (DELETE: /v2/bookings).') },
  { name: 'v1 path', url: '/v1/bookings', status: 404, body: invalid('Unrecognized request URL (GET: /v1/bookings).') },
  { name: 'JSON body on a GET', url: '/v2/bookings', headers: json, payload: '{"status":"canceled"}', status: 400, body: invalid('GET requests do not take a request body.') },
  { name: 'malformed JSON on a GET', url: '/v2/bookings', headers: json, payload: '{oops', status: 400, body: invalid('GET requests do not take a request body.') },
  { name: 'text body on a GET', url: '/v2/test', headers: { 'content-type': 'text/plain' }, payload: 'hello', status: 400, body: invalid('GET requests do not take a request body.') },
  { name: 'body over 1 MiB', url: '/v2/bookings', method: 'POST', headers: json, payload: `"${'x'.repeat(1024 * 1024)}"`, status: 413, body: invalid('The request body is larger than the limit of 1048576 bytes.') }
]

// A digest of every stored row, to show that nothing changed.
function digest (api: Client): string {
  const hash = createHash('sha256')
  for (const rows of Object.values(api.app.store.dataset.snapshot())) hash.update(JSON.stringify(rows))
  return hash.digest('hex')
}

t.test('bad input gets the documented error and changes nothing', async (t) => {
  const api = await client(t)
  const before = digest(api)
  for (const c of CASES) {
    const res = await api.request({ method: (c.method ?? 'GET') as 'GET', url: c.url, headers: c.headers, payload: c.payload })
    t.equal(res.statusCode, c.status, `${c.name}: status`)
    if (c.status !== 200) t.strictSame(res.json(), c.body, `${c.name}: body`)
    else t.strictSame(res.json().data, [], `${c.name}: matches nothing`)
  }
  t.equal(digest(api), before, 'the database is unchanged')
  t.equal((await api.get('/v2/bookings?limit=100')).json().data.length, 100, 'the bookings are all still there')
})

t.test('limit: plain decimal digits only, on every list, with the value echoed as sent', async (t) => {
  const api = await client(t)
  const lists = ['/v2/bookings', '/v2/users', '/v2/teams', '/v2/booking-pages', '/v2/master-pages', '/v2/event-types', '/v2/contacts', '/v2/webhooks', '/_mock/webhook-deliveries']
  // [the value as written in the URL, as sent (decoded), the message]
  const cases: Array<[string, string, string]> = [
    ['0x10', '0x10', 'Invalid integer: 0x10'],
    ['1e1', '1e1', 'Invalid integer: 1e1'],
    ['10.0', '10.0', 'Invalid integer: 10.0'],
    ['%205%20', ' 5 ', 'Invalid integer:  5 '],
    ['%2B5', '+5', 'Invalid integer: +5'],
    ['0b11', '0b11', 'Invalid integer: 0b11'],
    ['%20', ' ', 'Invalid integer:  '],
    ['', '', 'Invalid integer: '],
    ['Infinity', 'Infinity', 'Invalid integer: Infinity'],
    ['99999999999999999999', '99999999999999999999', 'Out of range value: 99999999999999999999. Please provide a number between 1 and 100.'],
    ['-0', '-0', 'Out of range value: -0. Please provide a number between 1 and 100.'],
    ['0101', '0101', 'Out of range value: 0101. Please provide a number between 1 and 100.']
  ]
  for (const list of lists) {
    for (const [written, sent, message] of cases) {
      const res = await api.get(`${list}?limit=${written}`)
      t.equal(res.statusCode, 400, `${list} limit=${JSON.stringify(sent)}`)
      t.strictSame(res.json(), invalid(message, 'limit'), `${list} limit=${JSON.stringify(sent)}`)
    }
    t.equal((await api.get(`${list}?limit=007`)).statusCode, 200, `${list}: leading zeros are still decimal`)
  }
  t.equal((await api.get('/v2/bookings?limit=007')).json().data.length, 7)
})

t.test('an empty body is no body, whatever its Content-Type', async (t) => {
  const api = await client(t)
  for (const headers of [json, { 'content-type': 'text/plain' }, { 'content-type': 'application/json', 'content-length': '0' }]) {
    const res = await api.request({ method: 'GET', url: '/v2/bookings?limit=1', headers })
    t.equal(res.statusCode, 200, `GET with ${JSON.stringify(headers)} and no body`)
  }
})

t.test('an unexpected failure is a generic 500 that leaks nothing', async (t) => {
  const api = await client(t)
  api.app.store.bookings.json = () => { throw new Error('SQLITE_CORRUPT: secret detail') }
  const res = await api.get('/v2/bookings/BKNG-ANYTHING000')
  t.equal(res.statusCode, 500)
  t.strictSame(res.json(), { type: 'api_error', message: 'An unexpected error occurred. Please try again later.' })
  t.notMatch(res.body, /SQLITE|secret|at /)
})

t.test('every route that takes a body: values nested too deep, and a JSON null, are a 400 that changes nothing', async (t) => {
  const api = await client(t)
  const booking = (await api.get('/v2/bookings?limit=1')).json().data[0].id as string
  const routes = [...api.app.spec.routes.values()].filter((route) => route.schema.body !== undefined)
  t.ok(routes.length >= 9, `the routes with a body (${routes.length})`)
  const deep = `{"reason":${'['.repeat(5000)}${']'.repeat(5000)}}`
  const before = digest(api)
  for (const route of routes) {
    const url = route.url.replace(':id', booking)
    for (const [name, payload, message] of [
      ['arrays nested 5,000 deep', deep, 'The request body nests arrays and objects more than 64 levels deep.'],
      ['objects nested 65 deep', `{"reason":${'{"a":'.repeat(64)}1${'}'.repeat(64)}}`, 'The request body nests arrays and objects more than 64 levels deep.'],
      ['null', 'null', 'The request body must be a JSON object.']
    ] as const) {
      const res = await api.request({ method: route.method as 'POST', url, headers: json, payload })
      t.equal(res.statusCode, 400, `${route.method} ${route.url}: ${name}`)
      t.strictSame(res.json(), invalid(message), `${route.method} ${route.url}: ${name}`)
    }
  }
  t.equal(digest(api), before, 'the database is unchanged')
  const shallow = `{"cancellation_reason":"${'['.repeat(100)}"}`
  const accepted = await api.request({ method: 'POST', url: `/v2/bookings/${booking}/cancel`, headers: json, payload: shallow })
  t.ok([200, 409].includes(accepted.statusCode), `brackets inside a string nest nothing (${accepted.body.slice(0, 80)})`)
})

t.test("a failure while describing an error is still OnceHub's generic 500, not Fastify's", async (t) => {
  const api = await client(t)
  api.app.store.bookings.json = () => {
    throw Object.defineProperty(new Error('broken'), 'statusCode', { get () { throw new Error('worse') } })
  }
  const res = await api.get('/v2/bookings/BKNG-ANYTHING000')
  t.equal(res.statusCode, 500)
  t.strictSame(res.json(), { type: 'api_error', message: 'An unexpected error occurred. Please try again later.' })
})
