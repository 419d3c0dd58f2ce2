// OnceHub's own contract (oncehub.ts), held four ways: openapi.yaml is never wider
// than OnceHub's document, the mock serves every one of its operations and answers its
// documented error bodies, and the fields it sends beyond OnceHub's schemas are exactly
// the ones docs/where-the-mock-decides.md keeps.

import t from 'tap'
import { create, frozenApi, PAID, post, someCalendar } from '../helpers/bookings.ts'
import { document } from '../helpers/contract.ts'
import type { Client } from '../helpers/app.ts'
import { extrasOf, KEPT_EXTRAS, oncehub, resolve, responseSchema, type JsonSchema } from '../helpers/oncehub.ts'
import { widenings } from '../helpers/schema-width.ts'
import { DELIBERATE_20, ERRORS_20, extras20 } from './issue-20-contract.ts'

const theirs = (schema: JsonSchema): JsonSchema => typeof schema.$ref === 'string' ? theirs(resolve(schema.$ref.slice(1))) : schema
const ours = (schema: JsonSchema): JsonSchema => schema

/** Every way openapi.yaml's operation is wider than OnceHub's, for the operations both describe. */
function documentWidenings (): string[] {
  const problems: string[] = []
  for (const operation of oncehub.operations) {
    const mine = document.paths[operation.path]?.[operation.method.toLowerCase()]
    if (mine === undefined) continue
    const where = `${operation.method} ${operation.path}`
    for (const parameter of (mine.parameters ?? []) as Array<{ name: string, in: string, required?: boolean, schema: JsonSchema }>) {
      const match = operation.parameters.find((p) => p.name === parameter.name && p.in === parameter.in)
      if (match === undefined) {
        problems.push(`${where} ${parameter.in}.${parameter.name}: a parameter OnceHub does not take`)
        continue
      }
      if (match.required === true && parameter.required !== true) problems.push(`${where} ${parameter.in}.${parameter.name}: optional, where OnceHub requires it`)
      problems.push(...widenings(parameter.schema, match.schema, `${where} ${parameter.in}.${parameter.name}`, ours, theirs))
    }
    const body = mine.requestBody?.content?.['application/json']?.schema
    if (body !== undefined) {
      if (operation.requestBody === undefined) problems.push(`${where} body: a body OnceHub does not take`)
      else problems.push(...widenings(body, operation.requestBody.schema, `${where} body`, ours, theirs))
    }
    for (const [status, response] of Object.entries<any>(mine.responses)) {
      const schema = response.content?.['application/json']?.schema
      if (schema === undefined) continue
      const error = status === 'default' || Number(status) >= 400
      const documented = (status === 'default' ? undefined : responseSchema(operation, status)) ?? (error ? { $ref: '#/components/schemas/Error' } : undefined)
      if (documented === undefined) problems.push(`${where} ${status}: a status OnceHub does not answer`)
      else problems.push(...widenings(schema, documented, `${where} ${status}`, ours, theirs))
    }
  }
  return problems
}

/** Where openapi.yaml is wider than OnceHub's document on purpose: each widening, and why. */
const DELIBERATE: ReadonlyArray<[string, string]> = [
  ...['bookings', 'contacts'].flatMap((list) => (list === 'bookings' ? ['creation_time', 'starting_time', 'last_updated_time'] : ['creation_time', 'last_updated_time'])
    .flatMap((field) => ['gt', 'lt'].map((op): [string, string] => [`GET /v2/${list} query.${field}.${op}: not kept to OnceHub's format date`,
      "Date filters take RFC 3339 date-times as well as dates: OnceHub's own recipe and real clients send full timestamps (docs/where-the-mock-decides.md, \"Date filters\")."]))),
  ['GET /v2/bookings/{id} query.expand: a parameter OnceHub does not take', "OnceHub's \"Expanding responses\" page expands single objects too; its document lists `expand` only on the list."],
  ['POST /v2/bookings/{id}/no-show body: a body OnceHub does not take', 'Clients send `Content-Type: application/json` with `{}` on bodyless requests; the body takes no parameters (docs/where-the-mock-decides.md, "Action bodies").'],
  ['GET /v2/master-pages query.limit: integer, which OnceHub does not allow (string)', "OnceHub's document types this one `limit` as a string, unlike every other list's integer; on the wire a query value is text either way."],
  ["GET /v2/users query.email: not kept to OnceHub's format email", 'An empty `email` filters nothing, as every empty filter does; any other value is matched whole, so a malformed address finds no user rather than failing.'],
  ...['name', 'email'].map((field): [string, string] => [`POST /v2/booking-calendars/{id}/schedule body/booking_form: ${field} is not required, as OnceHub requires it`,
    'A booking form without its name or email gets OnceHub\'s own `Required fields are missing.` (`param: booking_form`), which a required list in the schema would replace by the generic message.']),
  ['POST /v2/booking-calendars/{id}/schedule body: booking_form is not required, as OnceHub requires it', 'As its name and email: a request without a booking form gets OnceHub\'s `Required fields are missing.`'],
  ...['weekly', 'overrides'].flatMap((list) => ['id', 'value'].map((field): [string, string] => [`PATCH /v2/users/{id}/scheduling-availability body/${list}/items/working_hours/items/locations/items/${field}: null, which OnceHub does not allow (string)`,
    'A GET answer shows `id: null`; sent back unchanged, it is accepted (a location drops the fields its type does not use).'])),
  ['PATCH /v2/users/{id}/scheduling-availability body/overrides/items: day, a field OnceHub does not define', "A GET answer lists each override's `day`; sent back unchanged, it is accepted when it is the date's weekday."],
  ['PATCH /v2/users/{id}/scheduling-availability body/overrides/items/working_hours: null, which OnceHub does not allow (array)', 'OnceHub\'s own description: "To delete an existing override for a date, set this value to `null`."'],
  // Issue 20: writes of contacts and users, SMS notifications (issue-20-contract.ts).
  ...DELIBERATE_20
]

t.test('openapi.yaml is never wider than OnceHub\'s document, but where it says why', async (t) => {
  const found = documentWidenings()
  const deliberate = new Map(DELIBERATE)
  t.strictSame(found.filter((problem) => !deliberate.has(problem)), [], 'every widening is deliberate')
  for (const [widening, reason] of DELIBERATE) t.ok(found.includes(widening), `still a difference: ${widening} (${reason})`)
})

t.test('the width check finds what it must', async (t) => {
  const them = (schema: JsonSchema) => schema
  const check = (ours: JsonSchema, theirs: JsonSchema) => widenings(ours, theirs, '', them, them)
  t.strictSame(check({ type: 'string', enum: ['a'] }, { type: 'string', enum: ['a', 'b'] }), [], 'fewer enum values')
  t.not(check({ type: 'string', enum: ['a', 'c'] }, { type: 'string', enum: ['a', 'b'] }).length, 0, 'an enum value OnceHub lacks')
  t.not(check({ type: ['string', 'null'] }, { type: 'string' }).length, 0, 'a null OnceHub does not allow')
  t.strictSame(check({ type: 'string' }, { type: ['string', 'null'] }), [], 'no null where OnceHub allows it')
  t.not(check({ type: 'object', properties: { a: {}, b: {} } }, { type: 'object', properties: { a: {} } }).length, 0, 'a field OnceHub does not define')
  t.strictSame(check({ type: 'object', required: ['a'], properties: { a: {} } }, { type: 'object', properties: { a: {} } }), [], 'more required fields')
  t.not(check({ type: 'object', properties: { a: {} } }, { type: 'object', required: ['a'], properties: { a: {} } }).length, 0, 'a field OnceHub requires left optional')
  t.not(check({ type: 'integer', maximum: 500 }, { type: 'integer', maximum: 100 }).length, 0, 'a looser bound')
  t.strictSame(check({ type: 'integer', minimum: 1, maximum: 100 }, { type: 'number' }), [], 'an integer is a number')
  t.strictSame(check({ oneOf: [{ type: 'string' }, { type: 'object', properties: { id: {} } }] }, { oneOf: [{ type: 'string' }, { type: 'object', properties: { id: {}, name: {} } }] }), [], 'each alternative fits one of OnceHub\'s')
  t.not(check({ type: 'object', properties: { x: {} } }, { allOf: [{ type: 'object', properties: { a: {} } }, { properties: { b: {} } }] }).length, 0, 'allOf parts are joined, not checked one by one')
})

/** What a row of the error table sends: built from the app, since most need an object in some state. */
type Send = (api: Client) => Promise<{ method?: string, url: string, payload?: unknown, headers?: Record<string, string | null>, as?: Record<string, string> }>

/**
 * One row per error body OnceHub documents for an operation the mock serves, by
 * operation, status and message: how to reach it, or why the mock cannot. `as`
 * names the IDs OnceHub's example uses and the ones the request uses instead.
 */
const ERRORS: Record<string, Send | string> = {
  'list-all-bookings 400 last_updated_time.gt cannot be later than last_updated_time.lt': async () => ({ url: '/v2/bookings?last_updated_time.gt=2026-01-02&last_updated_time.lt=2026-01-01' }),
  'list-all-bookings 400 Out of range value: 500. Please provide a number between 1 and 100.': async () => ({ url: '/v2/bookings?limit=500' }),
  'list-all-bookings 400 Received both before and after parameters. Please provide only one.': async () => ({ url: '/v2/bookings?before=a&after=b' }),
  "get-a-single-booking 404 No such booking: '123'": async () => ({ url: '/v2/bookings/123' }),
  ...Object.fromEntries(['cancel', 'request-reschedule', 'no-show'].flatMap((action) => {
    const operation = action === 'cancel' ? 'cancel-booking' : action
    return [[`${operation} 404 No such booking: '123'`, async () => ({ method: 'POST', url: `/v2/bookings/123/${action}` })]]
  })),
  "cancel-booking 409 Booking cannot be cancelled: '123'": async (api) => {
    const booking = await create(api, 'canceled')
    return { method: 'POST', url: `/v2/bookings/${booking.id}/cancel`, as: { 123: booking.id } }
  },
  'cancel-booking 422 Paid bookings cannot be canceled through this endpoint. Please login to OnceHub and use the Activity Stream to cancel paid bookings.': async (api) => {
    const booking = await create(api, 'scheduled', { payment_information: PAID, booking_page: '', booking_calendar: await someCalendar(api) })
    return { method: 'POST', url: `/v2/bookings/${booking.id}/cancel` }
  },
  "request-reschedule 409 Booking cannot be cancelled: '123'": async (api) => {
    const booking = await create(api, 'completed')
    return { method: 'POST', url: `/v2/bookings/${booking.id}/request-reschedule`, as: { 123: booking.id } }
  },
  'request-reschedule 422 Paid bookings can only be requested for reschedule in your OnceHub account. Log in and use the activity stream to submit a reschedule request for this booking.': async (api) => {
    const booking = await create(api, 'scheduled', { payment_information: PAID, booking_page: '', booking_calendar: await someCalendar(api) })
    return { method: 'POST', url: `/v2/bookings/${booking.id}/request-reschedule` }
  },
  "no-show 409 Cannot update booking status to no_show: '123'": async (api) => {
    const booking = await create(api, 'scheduled')
    return { method: 'POST', url: `/v2/bookings/${booking.id}/no-show`, as: { 123: booking.id } }
  },
  "reassign-booking 404 No such booking: '123'": async () => ({ method: 'POST', url: '/v2/bookings/123/reassign', payload: { new_host: 'USR-XXXXXXXXXX' } }),
  "reassign-booking 404 No such user: 'USR-XXXXXXXXXX'": async (api) => {
    const booking = await create(api, 'scheduled')
    return { method: 'POST', url: `/v2/bookings/${booking.id}/reassign`, payload: { new_host: 'USR-XXXXXXXXXX' } }
  },
  'reassign-booking 409 User is inactive.': async (api) => {
    const booking = await create(api, 'scheduled')
    const invited = (await api.get('/v2/users?limit=100')).json().data.find((user: { status: string }) => user.status === 'invited')
    return { method: 'POST', url: `/v2/bookings/${booking.id}/reassign`, payload: { new_host: invited.id } }
  },
  'reassign-booking 409 Booking cannot be reassigned to the same host.': async (api) => {
    const booking = await create(api, 'scheduled')
    return { method: 'POST', url: `/v2/bookings/${booking.id}/reassign`, payload: { new_host: booking.owner } }
  },
  'reassign-booking 409 Booking cannot be reassigned in its current status.': async (api) => {
    const booking = await create(api, 'completed')
    const other = (await api.get('/v2/users?limit=100')).json().data.find((user: { id: string, status: string }) => user.status === 'active' && user.id !== booking.owner)
    return { method: 'POST', url: `/v2/bookings/${booking.id}/reassign`, payload: { new_host: other.id } }
  },
  'reassign-booking 409 Reassign is available on the Route plan and above.': "Plans are not modelled: the mock's account has every feature.",
  "reassign-booking 409 Invalid location: 'Webex' is not connected for this user. Connected video conferencing options: google_meet, microsoft_teams.": "Users' connected conferencing apps are not modelled: every provider counts as connected.",
  'reassign-booking 409 Cannot reassign booking: The new host requires an assigned seat.': 'Seats are not modelled: every active user has one.',
  ...Object.fromEntries(['booking-calendars', 'booking-pages', 'event-types', 'users', 'teams', 'contacts', 'webhooks'].flatMap((list) => {
    const operation = `list-all-${list}`
    return [
      [`${operation} 400 Out of range value: 500. Please provide a number between 1 and 100.`, async () => ({ url: `/v2/${list}?limit=500` })],
      [`${operation} 400 Received both before and after parameters. Please provide only one.`, async () => ({ url: `/v2/${list}?before=a&after=b` })]
    ]
  })),
  'list-all-contacts 400 last_updated_time.gt cannot be later than last_updated_time.lt': async () => ({ url: '/v2/contacts?last_updated_time.gt=2026-01-02&last_updated_time.lt=2026-01-01' }),
  ...Object.fromEntries([['booking-calendar', 'booking-calendars'], ['booking-page', 'booking-pages'], ['event-type', 'event-types'], ['master-page', 'master-pages'], ['user', 'users'], ['team', 'teams'], ['contact', 'contacts'], ['webhook', 'webhooks']]
    .map(([noun, list]) => [`get-a-single-${noun} 404 No such ${noun!.replace('-', ' ')}: '123'`, async () => ({ url: `/v2/${list}/123` })])),
  "delete-a-webhook 404 No such webhook: '123'": async () => ({ method: 'DELETE', url: '/v2/webhooks/123' }),
  "create-a-webhook 409 A webhook subscription with this name already exists: 'New Bookings'": async (api) => {
    const body = { name: 'New Bookings', url: 'http://127.0.0.1:9/hooks', events: ['booking.scheduled'] }
    await post(api, '/v2/webhooks', body)
    return { method: 'POST', url: '/v2/webhooks', payload: body }
  },
  // Scheduling.
  'get-available-time-slots-for-booking-calendar 400 End time must be after the start time.': async (api) =>
    ({ url: `/v2/booking-calendars/${await calendar(api, true)}/time-slots?start_time=2026-01-12T10:00:00Z&end_time=2026-01-12T09:00:00Z` }),
  'get-available-time-slots-for-booking-calendar 422 Time slots cannot be retrieved from an unpublished booking calendar.': async (api) =>
    ({ url: `/v2/booking-calendars/${await calendar(api, false)}/time-slots` }),
  'book-a-time-slot-for-a-booking-calendar 400 Required fields are missing.': async (api) =>
    ({ method: 'POST', url: `/v2/booking-calendars/${await calendar(api, true)}/schedule`, payload: { start_time: '2026-01-12T10:00:00Z', guest_time_zone: 'Europe/London', booking_form: { name: 'Ann Guest' } } }),
  'book-a-time-slot-for-a-booking-calendar 400 The selected start time is not available.': async (api) =>
    ({ method: 'POST', url: `/v2/booking-calendars/${await calendar(api, true)}/schedule`, payload: { start_time: '2026-01-01T00:07:00Z', guest_time_zone: 'Europe/London', booking_form: { name: 'Ann Guest', email: 'ann@example.com' } } }),
  'book-a-time-slot-for-a-booking-calendar 422 Meeting cannot be scheduled on an unpublished booking calendar.': async (api) =>
    ({ method: 'POST', url: `/v2/booking-calendars/${await calendar(api, false)}/schedule`, payload: { start_time: '2026-01-12T10:00:00Z', guest_time_zone: 'Europe/London', booking_form: { name: 'Ann Guest', email: 'ann@example.com' } } }),
  "booking-calendars-create-a-one-time-link 400 This booking calendar does not allow creation of one time links: 'BKC-1234'": async (api) => {
    const id = await calendar(api, false)
    return { method: 'POST', url: `/v2/booking-calendars/${id}/one-time-links`, as: { 'BKC-1234': id } }
  },
  "booking-calendars-create-a-one-time-link 404 No such booking calendar: '123'": async () => ({ method: 'POST', url: '/v2/booking-calendars/123/one-time-links' }),
  "create-one-time-link 404 No such master page: '123'": async () => ({ method: 'POST', url: '/v2/master-pages/123/one-time-links' }),
  "create-one-time-link 400 This master page is deleted: 'BP-EHM6JU50Q3'": 'Master pages cannot be deleted in the mock: OnceHub offers no API to delete one.',
  'get_user_scheduling_availability 400 Received unknown parameter: start_date': async (api) => ({ url: `/v2/users/${await someUser(api)}/scheduling-availability?start_date=2026-01-01` }),
  'get_user_scheduling_availability 400 Invalid date format for overrides_start_time. Expected format: YYYY-MM-DD':
    'OnceHub documents no overrides_start_time parameter: the mock takes none, so it answers Received unknown parameter: overrides_start_time.',
  ...Object.fromEntries(([
    ["availability range is overlapping: '09:00-11:00'", { weekly: [{ day: 'Monday', working_hours: [hours('09:00', '11:00'), hours('10:00', '12:00')] }] }],
    ["start time should be multiple of 15: '09:05'", { weekly: [{ day: 'Monday', working_hours: [hours('09:05', '11:00')] }] }],
    ["Date cannot be in the past: '2024-01-01'", { overrides: [{ date: '2024-01-01', working_hours: [] }] }],
    ["Duplicate entry for day or date: 'Monday'", { weekly: [{ day: 'Monday', working_hours: [] }, { day: 'Monday', working_hours: [] }] }]
  ] as const).map(([message, payload]) => [`patch_user_scheduling_availability 400 ${message}`,
    async (api: Client) => ({ method: 'PATCH', url: `/v2/users/${await someUser(api)}/scheduling-availability`, payload })])),
  'patch_user_scheduling_availability 422 You can set either online_dynamic_link or online_static_link': async (api) => ({
    method: 'PATCH',
    url: `/v2/users/${await someUser(api)}/scheduling-availability`,
    payload: { weekly: [{ day: 'Monday', working_hours: [{ start_time: '09:00', end_time: '10:00', locations: [{ type: 'online_dynamic_link', value: 'zoom' }, { type: 'online_static_link', value: 'https://meet.example.com/x' }] }] }] }
  }),
  // Issue 20: writes of contacts and users, SMS notifications (issue-20-contract.ts).
  ...ERRORS_20
}

// A working-hours range with a video link.
function hours (start: string, end: string) {
  return { start_time: start, end_time: end, locations: [{ type: 'online_dynamic_link', value: 'zoom' }] }
}

// The first booking calendar of the dataset that is published, or not.
async function calendar (api: Client, published: boolean): Promise<string> {
  const found = (await api.get('/v2/booking-calendars?limit=100')).json().data.find((c: { published: boolean }) => c.published === published)
  return found.id as string
}

async function someUser (api: Client): Promise<string> {
  return (await api.get('/v2/users?limit=1')).json().data[0].id as string
}

// Statuses no operation can reach, whatever the operation.
const UNREACHABLE_STATUSES: Record<string, string> = {
  402: 'Seats are not modelled: every active user has one.',
  403: "Plans are not modelled: the mock's account always has API access.",
  429: 'Rate limits are not modelled yet (docs/where-the-mock-decides.md, "Rate limits").'
}

t.test("every operation of OnceHub's contract is described and served, and no other under /v2", async (t) => {
  const api = await frozenApi(t)
  const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`
  const theirs = new Set(oncehub.operations.map((operation) => key(operation.method, operation.path)))
  const ours = Object.entries<Record<string, unknown>>(document.paths).flatMap(([path, item]) =>
    Object.keys(item).filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method)).map((method) => key(method, path)))
  for (const operation of oncehub.operations) {
    const name = key(operation.method, operation.path)
    t.ok(ours.includes(name), `${name} (${operation.operationId}) is in openapi.yaml`)
    t.ok(api.app.hasRoute({ method: operation.method, url: operation.path.replace(/\{(\w+)\}/g, ':$1') }), `${name} has a handler`)
  }
  t.strictSame(ours.filter((name) => name.includes(' /v2/') && !theirs.has(name)), [], 'every /v2 operation is one of OnceHub\'s; the mock\'s own are under /_mock')
})

/** The operations of OnceHub's contract that openapi.yaml describes, and so the mock serves. */
const served = oncehub.operations.filter((operation) => document.paths[operation.path]?.[operation.method.toLowerCase()] !== undefined)

t.test("the mock answers OnceHub's documented error bodies", async (t) => {
  // An account large enough to have invited users.
  const api = await frozenApi(t, { ONCEHUB_MOCK_SEED: '2', ONCEHUB_MOCK_BOOKINGS: '1000' })
  for (const operation of served) {
    for (const [status, response] of Object.entries(operation.responses)) {
      for (const example of response.error_examples ?? []) {
        const name = `${operation.operationId} ${status} ${example.message}`
        if (status === '401') {
          // Every operation asks for the key first: sent without one, whatever the rest.
          const res = await api.request({ method: operation.method, url: operation.path.replace('{id}', '123'), headers: { 'api-key': null } })
          t.equal(res.statusCode, 401, name)
          t.strictSame(res.json(), example, name)
          continue
        }
        const row = ERRORS[name] ?? UNREACHABLE_STATUSES[status]
        if (row === undefined) {
          t.fail(`no row for ${name}`)
          continue
        }
        if (typeof row === 'string') {
          t.ok(row.length > 0, `${name}: cannot be reached. ${row}`)
          continue
        }
        const request = await row(api)
        t.equal(request.method ?? 'GET', operation.method, `${name}: the row calls its own operation`)
        const res = await api.request({ method: request.method ?? 'GET', url: request.url, payload: request.payload as object, headers: request.headers })
        let expected = JSON.stringify(example)
        // `as` renames quoted IDs in the message, and a placeholder `param` ("{param_name}").
        for (const [from, to] of Object.entries(request.as ?? {})) expected = expected.replaceAll(`'${from}'`, `'${to}'`).replaceAll(`"${from}"`, `"${to}"`)
        t.equal(res.statusCode, Number(status), name)
        t.strictSame(res.json(), JSON.parse(expected), name)
      }
    }
  }
  const documented = new Set(served.flatMap((operation) => Object.entries(operation.responses)
    .flatMap(([status, response]) => (response.error_examples ?? []).map((example) => `${operation.operationId} ${status} ${example.message}`))))
  t.strictSame(Object.keys(ERRORS).filter((name) => !documented.has(name)), [], 'every row is an error OnceHub documents')
})

t.test("fields beyond OnceHub's schemas are exactly the ones the docs keep", async (t) => {
  const api = await frozenApi(t)
  await post(api, '/v2/webhooks', { name: 'Survey', url: 'http://127.0.0.1:9/hooks', events: ['booking'] })
  const everything = 'owner,booking_page,master_page,event_type,contact,conversation'
  const urls = ['/v2/test', `/v2/bookings?limit=100&expand=${everything}`]
  for (const list of ['users', 'teams', 'booking-pages', 'master-pages', 'event-types', 'booking-calendars', 'contacts', 'webhooks']) {
    const page = await api.get(`/v2/${list}?limit=100`)
    urls.push(`/v2/${list}?limit=100`, `/v2/${list}/${page.json().data[0].id as string}`)
  }
  const booking = (await api.get('/v2/bookings?limit=1&status=scheduled')).json().data[0].id as string
  urls.push(`/v2/bookings/${booking}?expand=${everything}`)
  const extras = new Set<string>()
  for (const url of urls) {
    const res = await api.get(url)
    t.equal(res.statusCode, 200, url)
    for (const extra of extrasOf('GET', url, res)) extras.add(extra)
  }
  const canceled = await post(api, `/v2/bookings/${booking}/cancel`, {})
  for (const extra of extrasOf('POST', `/v2/bookings/${booking}/cancel`, canceled)) extras.add(extra)
  for (const delivery of (await api.get('/_mock/webhook-deliveries?limit=100')).json().data) {
    for (const extra of extrasOf('EVENT', delivery.event.type, { statusCode: 200, body: JSON.stringify(delivery.event) })) extras.add(extra)
  }
  // Issue 20: SMS notifications, deleted users and contacts, conversation events.
  for (const extra of await extras20(api)) extras.add(extra)
  t.strictSame([...extras].sort(), [...KEPT_EXTRAS].sort())
})
