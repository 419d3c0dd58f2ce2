// The control API under /_mock: the clock and completion, reset, creating bookings,
// and the customer's own cancel and reschedule.

import { createHash } from 'node:crypto'
import t from 'tap'
import { post, setClock } from '../helpers/bookings.ts'
import { client, type Client } from '../helpers/app.ts'

t.test('the clock can be read, set, frozen and advanced', async (t) => {
  const api = await client(t)
  const clock = (await api.get('/_mock/clock')).json()
  t.equal(clock.object, 'clock')
  t.equal(clock.frozen, false)
  t.ok(Math.abs(Date.parse(clock.now) - Date.parse('2026-01-01T00:00:00Z')) < 60_000, 'tests start at their reference date')

  t.match(await setClock(api, { now: '2026-03-01T10:00:00Z', frozen: true }), { now: '2026-03-01T10:00:00Z', frozen: true, completed: [] })
  t.equal((await api.get('/_mock/clock')).json().now, '2026-03-01T10:00:00Z', 'a frozen clock stands still')
  t.match(await setClock(api, { advance_seconds: 90 }), { now: '2026-03-01T10:01:30Z', frozen: true })
  t.match(await setClock(api, { now: '2026-03-01T12:00:00+02:00' }), { now: '2026-03-01T10:00:00Z' }, 'offsets are honoured')
  t.match(await setClock(api, { advance_seconds: -3600 }), { now: '2026-03-01T09:00:00Z' }, 'and it can go back')
  const running = await setClock(api, { frozen: false })
  t.equal(running.frozen, false)
  t.ok(Date.parse((await api.get('/_mock/clock')).json().now) >= Date.parse('2026-03-01T09:00:00Z'), 'it runs on from where it stood')

  const bad: Array<[object, string, string?]> = [
    [{}, 'The request body is empty: give at least one parameter.'],
    [{ now: 'tomorrow' }, "Invalid now: 'tomorrow' is not an RFC 3339 date-time such as 2026-01-31T09:00:00Z, in years 0000 to 9999.", 'now'],
    [{ advance_seconds: 1.5 }, 'Invalid integer: 1.5', 'advance_seconds'],
    [{ advance_seconds: '60' }, 'Invalid integer: 60', 'advance_seconds'],
    [{ frozen: 'yes' }, 'Invalid frozen: must be boolean.', 'frozen'],
    [{ speed: 2 }, 'Received unknown parameter: speed', 'speed']
  ]
  for (const [body, message, param] of bad) {
    const res = await post(api, '/_mock/clock', body)
    t.equal(res.statusCode, 400, JSON.stringify(body))
    t.strictSame(res.json(), param ? { type: 'invalid_request_error', message, param } : { type: 'invalid_request_error', message })
  }
})

t.test('date-times the mock cannot use get 400 naming the parameter and change nothing', async (t) => {
  const api = await client(t)
  await setClock(api, { now: '2026-01-05T08:00:00Z', frozen: true })
  const booking = (await post(api, '/_mock/bookings', { status: 'scheduled', starting_time: '2026-01-06T09:00:00Z' })).json()
  const before = digest(api)
  const message = (name: string, value: string) => `Invalid ${name}: '${value}' is not an RFC 3339 date-time such as 2026-01-31T09:00:00Z, in years 0000 to 9999.`
  // [URL, body, message, param]
  const cases: Array<[string, object, string, string]> = [
    ['/_mock/clock', { now: '2026-12-31T23:59:60Z' }, message('now', '2026-12-31T23:59:60Z'), 'now'],
    ['/_mock/clock', { now: '2026-12-05T10:00:00+02' }, message('now', '2026-12-05T10:00:00+02'), 'now'],
    ['/_mock/clock', { now: '2026-01-01T00:00:00+0100', frozen: false }, message('now', '2026-01-01T00:00:00+0100'), 'now'],
    ['/_mock/clock', { now: '9999-12-31T23:59:59-23:59' }, message('now', '9999-12-31T23:59:59-23:59'), 'now'],
    ['/_mock/clock', { now: '2026-02-30T00:00:00Z' }, message('now', '2026-02-30T00:00:00Z'), 'now'],
    ['/_mock/clock', { now: '9999-06-01T00:00:00Z', advance_seconds: 315360000 }, 'Invalid advance_seconds: the clock must stay within years 0000 to 9999.', 'advance_seconds'],
    ['/_mock/clock', { now: '0001-06-01T00:00:00Z', advance_seconds: -315360000 }, 'Invalid advance_seconds: the clock must stay within years 0000 to 9999.', 'advance_seconds'],
    ['/_mock/bookings', { starting_time: '2026-12-05T10:00:00+02' }, message('starting_time', '2026-12-05T10:00:00+02'), 'starting_time'],
    ['/_mock/bookings', { creation_time: '2026-12-05T10:00:00+02' }, message('creation_time', '2026-12-05T10:00:00+02'), 'creation_time'],
    ['/_mock/bookings', { last_updated_time: '2026-12-31T23:59:60Z' }, message('last_updated_time', '2026-12-31T23:59:60Z'), 'last_updated_time'],
    ['/_mock/bookings', { starting_time: '9999-12-31T23:30:00Z', duration_minutes: 60 }, 'Invalid starting_time: the meeting must end by 9999-12-31T23:59:59Z.', 'starting_time'],
    [`/_mock/bookings/${booking.id}/customer-reschedule`, { starting_time: '2027-01-01T10:00:00+02' }, message('starting_time', '2027-01-01T10:00:00+02'), 'starting_time'],
    [`/_mock/bookings/${booking.id}/customer-reschedule`, { starting_time: '9999-12-31T23:59:00Z' }, 'Invalid starting_time: the meeting must end by 9999-12-31T23:59:59Z.', 'starting_time']
  ]
  for (const [url, body, text, param] of cases) {
    const res = await post(api, url, body)
    t.equal(res.statusCode, 400, `${url} ${JSON.stringify(body)}`)
    t.strictSame(res.json(), { type: 'invalid_request_error', message: text, param }, `${url} ${JSON.stringify(body)}`)
  }
  t.equal(digest(api), before, 'nothing changed')
  t.strictSame((await api.get('/_mock/clock')).json(), { object: 'clock', now: '2026-01-05T08:00:00Z', frozen: true }, 'the clock did not move')
  t.equal((await api.get('/v2/bookings?limit=1')).statusCode, 200, 'bookings are still read')

  // The whole range is usable, years 0000 to 0099 included.
  for (const now of ['0000-01-01T00:00:00Z', '0050-06-01T12:00:00Z', '9999-12-31T23:59:59Z', '2026-01-01t00:00:00.5z']) {
    const expected = now === '2026-01-01t00:00:00.5z' ? '2026-01-01T00:00:00Z' : now
    t.equal((await setClock(api, { now })).now, expected, now)
  }
  t.equal((await api.get('/v2/bookings?limit=1')).statusCode, 200, 'and bookings read at any of them')
})

t.test('bookings complete when the clock passes their end, once', async (t) => {
  const api = await client(t)
  await setClock(api, { now: '2026-01-05T08:00:00Z', frozen: true })
  const make = async (status: string, start: string) => (await post(api, '/_mock/bookings', { status, starting_time: start, duration_minutes: 60 })).json()
  const soon = await make('scheduled', '2026-01-05T09:00:00Z')
  const moved = await make('rescheduled', '2026-01-05T09:30:00Z')
  const later = await make('scheduled', '2026-01-06T09:00:00Z')
  const requested = await make('requested', '2026-01-05T09:00:00Z')
  t.equal((await post(api, `/v2/bookings/${soon.id}/no-show`)).statusCode, 409, 'no no-show before the end')

  const change = await setClock(api, { advance_seconds: 2 * 3600 })
  t.ok(change.completed.includes(soon.id) && !change.completed.includes(later.id), 'the change lists what it completed')
  const after = (await api.get(`/v2/bookings/${soon.id}`)).json()
  t.equal(after.status, 'completed')
  t.equal(after.last_updated_time, '2026-01-05T10:00:00Z', 'last updated at its end')
  t.equal((await api.get(`/v2/bookings/${moved.id}`)).json().status, 'rescheduled', 'not yet ended at 10:00')
  t.equal((await api.get(`/v2/bookings/${later.id}`)).json().status, 'scheduled')
  t.equal((await api.get(`/v2/bookings/${requested.id}`)).json().status, 'requested', 'an unapproved request never completes')

  // A read alone sees completion, without any change to the clock through the API.
  api.app.store.clock.set(Date.parse('2026-01-05T10:30:00Z'))
  const completed = (await api.get('/v2/bookings?status=completed&limit=100')).json().data.map((b: { id: string }) => b.id)
  t.ok(completed.includes(moved.id), 'a list sees the rescheduled booking completed')
  t.equal((await setClock(api, { advance_seconds: 60 })).completed.length, 0, 'each booking completes once')

  const noShow = await post(api, `/v2/bookings/${soon.id}/no-show`)
  t.equal(noShow.statusCode, 200, 'no-show is possible once completed')
  t.equal(noShow.json().last_updated_time, '2026-01-05T10:31:00Z')
})

function digest (api: Client): string {
  const hash = createHash('sha256')
  for (const [table, rows] of Object.entries(api.app.store.dataset.snapshot())) if (table !== 'meta') hash.update(JSON.stringify(rows))
  return hash.digest('hex')
}

t.test('reset goes back to the seeded state', async (t) => {
  const api = await client(t)
  const fresh = digest(api)
  const booking = (await api.get('/v2/bookings?status=scheduled&limit=1')).json().data[0]
  await post(api, `/v2/bookings/${booking.id}/cancel`)
  await post(api, '/_mock/bookings', {})
  await setClock(api, { now: '2030-01-01T00:00:00Z', frozen: true })
  t.not(digest(api), fresh)

  const reset = await post(api, '/_mock/reset')
  t.equal(reset.statusCode, 200)
  t.strictSame(reset.json(), { object: 'dataset', seed: 1, bookings: 200, reference_date: '2026-01-01T00:00:00Z' })
  t.equal(digest(api), fresh, 'every change is gone')
  t.equal((await api.get('/_mock/clock')).json().frozen, false, 'the clock runs in real time again')

  const generated = await post(api, '/_mock/reset', { seed: 42, bookings: 30 })
  t.strictSame(generated.json(), { object: 'dataset', seed: 42, bookings: 30, reference_date: '2026-01-01T00:00:00Z' })
  const again = (await api.get('/v2/bookings?limit=100')).json().data
  t.equal(again.length, 30)
  await post(api, '/_mock/reset', { seed: 42, bookings: 30 })
  t.strictSame((await api.get('/v2/bookings?limit=100')).json().data, again, 'the same seed gives the same bookings')

  for (const [body, message, param] of [[{ seed: -1 }, 'Invalid seed: must be >= 0.', 'seed'], [{ bookings: 'many' }, 'Invalid integer: many', 'bookings'], [{ size: 3 }, 'Received unknown parameter: size', 'size']] as const) {
    const res = await post(api, '/_mock/reset', body)
    t.equal(res.statusCode, 400)
    t.strictSame(res.json(), { type: 'invalid_request_error', message, param })
  }
})

t.test('while a reset builds a large dataset, the server answers from the old one, then swaps at once', async (t) => {
  const api = await client(t)
  const before = (await api.get('/v2/bookings?limit=1')).json().data[0].id as string
  const reset = { done: false }
  const resetting = post(api, '/_mock/reset', { seed: 9, bookings: 20_000 }).finally(() => { reset.done = true })
  // Bounded: a reset of 20,000 bookings takes seconds; the loop ends with it, or after 2,000 rounds.
  const answered: string[] = []
  for (let round = 0; !reset.done && round < 2000; round++) {
    const health = await api.get('/_mock/health')
    t.equal(health.statusCode, 200)
    const first = (await api.get('/v2/bookings?limit=1')).json().data[0].id as string
    if (!reset.done) answered.push(first)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  const res = await resetting
  t.equal(res.statusCode, 200)
  t.strictSame(res.json(), { object: 'dataset', seed: 9, bookings: 20_000, reference_date: '2026-01-01T00:00:00Z' })
  t.ok(answered.length >= 3, `requests were answered while it built (${answered.length})`)
  t.ok(answered.every((id) => id === before), 'from the dataset served before, whole')
  t.not((await api.get('/v2/bookings?limit=1')).json().data[0].id, before, 'and the new dataset serves once it answers')
  t.equal(api.app.store.dataset.info().bookings, 20_000)
})

t.test('resets sent together run one after the other: each answers with its own dataset, and the last to answer serves', async (t) => {
  const api = await client(t)
  const order: number[] = []
  const send = async (body?: object) => await post(api, '/_mock/reset', body).then((res) => { order.push(res.json().bookings); return res })
  const answers = await Promise.all([send({ seed: 3, bookings: 40 }), send({ seed: 4, bookings: 50 }), send()])
  t.strictSame(answers.map((res) => res.json().bookings), [40, 50, 200])
  t.equal(api.app.store.dataset.info().bookings, order.at(-1))
  t.equal((await api.get('/v2/bookings?limit=100')).json().data.length, Math.min(100, order.at(-1)!))
})

t.test('creating a booking from a partial object', async (t) => {
  const api = await client(t)
  await setClock(api, { now: '2026-01-02T09:00:00Z', frozen: true })
  const filled = await post(api, '/_mock/bookings', {})
  t.equal(filled.statusCode, 201)
  const booking = filled.json()
  t.equal(booking.status, 'scheduled')
  t.ok(booking.starting_time > '2026-01-02T09:00:00Z', 'it is in the future')
  t.strictSame((await api.get(`/v2/bookings/${booking.id}`)).json(), booking, 'it is stored')
  const contact = (await api.get(`/v2/bookings/${booking.id}?expand=contact`)).json().contact
  t.equal(booking.form_submission.email, contact.email, 'the form matches its contact')

  const user = (await api.get('/v2/bookings?limit=1')).json().data[0].owner
  const given = (await post(api, '/_mock/bookings', { id: 'BKNG-MOCKCREATED1', owner: user, subject: 'Renewal', status: 'requested', starting_time: '2026-02-01T10:00:00Z', duration_minutes: 45 })).json()
  t.match(given, { id: 'BKNG-MOCKCREATED1', owner: user, subject: 'Renewal', status: 'requested', starting_time: '2026-02-01T10:00:00Z', duration_minutes: 45, creation_time: '2026-01-02T09:00:00Z' })
  const hosted = (await api.get(`/v2/bookings?host=${user}&limit=100`)).json().data.map((b: { id: string }) => b.id)
  t.ok(hosted.includes('BKNG-MOCKCREATED1'), 'its owner hosts it')

  const refused: Array<[object, number, string, string?]> = [
    [{ id: 'BKNG-MOCKCREATED1' }, 409, "A booking with this ID already exists: 'BKNG-MOCKCREATED1'", 'id'],
    [{ owner: 'USR-NOBODY0000' }, 404, "No such user: 'USR-NOBODY0000'", 'owner'],
    [{ contact: 'CTC-NOBODY0000' }, 404, "No such contact: 'CTC-NOBODY0000'", 'contact'],
    [{ event_type: 'ET-NOTHING000' }, 404, "No such event type: 'ET-NOTHING000'", 'event_type'],
    [{ booking_calendar: 'BKC-NOTHING000' }, 404, "No such booking calendar: 'BKC-NOTHING000'", 'booking_calendar'],
    [{ status: 'completed', starting_time: '2026-01-03T09:00:00Z' }, 400, "Invalid status: a completed booking must have ended by the mock's clock (2026-01-02T09:00:00Z).", 'status'],
    [{ status: 'done' }, 400, 'Invalid status: must be one of requested, scheduled, rescheduled, completed, canceled, no_show.', 'status'],
    [{ id: 'booking-1' }, 400, 'Invalid id: must match pattern "^BKNG-[A-Z0-9]{12}$".', 'id'],
    [{ external_id: 'x' }, 400, 'Received unknown parameter: external_id', 'external_id'],
    [{ form_submission: { name: 'A' } }, 400, 'Missing required param: form_submission.email.', 'form_submission.email']
  ]
  const count = api.app.store.dataset.info().bookings
  for (const [body, status, message, param] of refused) {
    const res = await post(api, '/_mock/bookings', body)
    t.equal(res.statusCode, status, JSON.stringify(body))
    t.strictSame(res.json(), param ? { type: 'invalid_request_error', message, param } : { type: 'invalid_request_error', message })
  }
  t.equal(api.app.store.dataset.info().bookings, count, 'nothing was created by a refused request')
})

t.test('the customer cancels and reschedules', async (t) => {
  const api = await client(t)
  await setClock(api, { now: '2026-01-02T09:00:00Z', frozen: true })
  const [first, second] = (await api.get('/v2/bookings?status=scheduled&limit=2')).json().data

  const canceled = await post(api, `/_mock/bookings/${first.id}/customer-cancel`, { reason: 'Found another slot' })
  t.equal(canceled.statusCode, 200)
  t.match(canceled.json(), { status: 'canceled', last_updated_time: '2026-01-02T09:00:00Z', cancel_reschedule_information: { reason: 'Found another slot', actioned_by: 'customer', user_id: '' } })
  const again = await post(api, `/_mock/bookings/${first.id}/customer-cancel`)
  t.equal(again.statusCode, 409)
  t.strictSame(again.json(), { type: 'invalid_request_error', message: `Booking cannot be cancelled: '${first.id}'`, param: 'id' })

  const res = await post(api, `/_mock/bookings/${second.id}/customer-reschedule`, { starting_time: '2026-01-20T14:00:00Z', reason: 'Travelling' })
  t.equal(res.statusCode, 200)
  const { object, canceled: old, rescheduled } = res.json()
  t.equal(object, 'reschedule')
  t.match(old, { id: second.id, status: 'canceled', cancel_reschedule_information: { reason: 'Travelling', actioned_by: 'customer', user_id: '' } })
  t.match(rescheduled, { status: 'rescheduled', rescheduled_booking_id: second.id, starting_time: '2026-01-20T14:00:00Z', creation_time: '2026-01-02T09:00:00Z', contact: second.contact, owner: second.owner })
  t.not(rescheduled.id, second.id)
  t.strictSame((await api.get(`/v2/bookings/${rescheduled.id}`)).json(), rescheduled, 'the new booking is stored')
  const newest = (await api.get('/v2/bookings?limit=1')).json().data[0]
  t.equal(newest.id, rescheduled.id, 'and it is the newest in the list')

  const past = await post(api, `/_mock/bookings/${rescheduled.id}/customer-reschedule`, { starting_time: '2026-01-01T10:00:00Z' })
  t.equal(past.statusCode, 400)
  t.strictSame(past.json(), { type: 'invalid_request_error', message: "starting_time must be later than the mock's current time (2026-01-02T09:00:00Z).", param: 'starting_time' })
  t.equal((await api.get(`/v2/bookings/${rescheduled.id}`)).json().status, 'rescheduled', 'a refused reschedule changes nothing')
  const missing = await post(api, '/_mock/bookings/BKNG-NOSUCHBOOKIN/customer-reschedule')
  t.equal(missing.statusCode, 404)
})
