// Webhooks end to end: subscriptions, an event for every change, signed deliveries
// to a real receiver on 127.0.0.1, and the log. Failures and retries are in
// webhook-retries.test.ts, the order of sending in webhook-order.test.ts.

import t from 'tap'
import { schemaViolations } from '../helpers/contract.ts'
import { oncehub } from '../helpers/oncehub.ts'
import { client } from '../helpers/app.ts'
import { verifySignature } from '../helpers/webhook-receiver.ts'
import { deliveries, eventually, post, setup, subscribe } from '../helpers/webhooks.ts'

t.test('subscriptions: create, list, get, delete, and their errors', async (t) => {
  const api = await client(t)
  const created = await post(api, '/v2/webhooks', { name: 'New bookings', url: 'https://example.com/hooks', events: ['booking.scheduled', 'booking.canceled'] })
  t.equal(created.statusCode, 200)
  const webhook = created.json()
  t.match(webhook, { object: 'webhook', api_version: 'v2', name: 'New bookings', url: 'https://example.com/hooks', events: ['booking.scheduled', 'booking.canceled'] })
  t.match(webhook.secret, /^[0-9a-f]{32}$/)
  const { secret: _secret, ...shown } = webhook
  t.strictSame((await api.get(`/v2/webhooks/${webhook.id}`)).json(), shown, 'the secret is shown only at creation')

  for (let i = 0; i < 4; i++) await post(api, '/v2/webhooks', { name: `Hook ${i}`, url: `http://127.0.0.1:9/${i}`, events: ['booking'] })
  const first = await api.get('/v2/webhooks?limit=3')
  t.equal(first.json().data.length, 3)
  t.equal(first.json().has_more, true)
  t.match(String(first.headers.link), /rel="next"/)

  const errors: Array<[object, number, string, string?]> = [
    [{ name: 'New bookings', url: 'https://example.com/other', events: ['booking'] }, 409, "A webhook subscription with this name already exists: 'New bookings'", 'name'],
    [{ name: 'x', url: 'ftp://example.com', events: ['booking'] }, 400, "Invalid url: 'ftp://example.com'. Use an absolute http or https URL.", 'url'],
    [{ name: 'x', url: 'not-a-url', events: ['booking'] }, 400, "Invalid url: 'not-a-url'. Use an absolute http or https URL.", 'url'],
    [{ name: 'x', url: 'http://127.0.0.1:0/', events: ['booking'] }, 400, "Invalid url: 'http://127.0.0.1:0/'. Port 0 cannot receive deliveries.", 'url'],
    [{ name: 'x', url: 'http:///x', events: ['booking'] }, 400, "Invalid url: 'http:///x'. Use an absolute http or https URL.", 'url'],
    [{ name: 'x', url: 'https:example.com/hooks', events: ['booking'] }, 400, "Invalid url: 'https:example.com/hooks'. Use an absolute http or https URL.", 'url'],
    [{ name: 'x', url: ' https://example.com/hooks', events: ['booking'] }, 400, "Invalid url: ' https://example.com/hooks'. A URL cannot hold spaces, line breaks or control characters.", 'url'],
    [{ name: 'x', url: 'https://example.com/hooks ', events: ['booking'] }, 400, "Invalid url: 'https://example.com/hooks '. A URL cannot hold spaces, line breaks or control characters.", 'url'],
    [{ name: 'x', url: 'https://example.com/ho\r\nX-Injected: 1', events: ['booking'] }, 400, "Invalid url: 'https://example.com/ho\r\nX-Injected: 1'. A URL cannot hold spaces, line breaks or control characters.", 'url'],
    [{ name: 'x', url: 'https://exa\tmple.com/', events: ['booking'] }, 400, "Invalid url: 'https://exa\tmple.com/'. A URL cannot hold spaces, line breaks or control characters.", 'url'],
    [{ name: 'x', url: 'http://user:pass@127.0.0.1:18360/x', events: ['booking'] }, 400, 'Invalid url: a URL with a user name or password (user:password@host) cannot be delivered. Put a token in the path or query instead.', 'url'],
    [{ name: '  ', url: 'https://example.com', events: ['booking'] }, 400, 'Invalid name: must not be blank.', 'name'],
    [{ name: 'x', url: 'https://example.com', events: ['booking.created'] }, 400, 'Invalid events.0: must be one of booking, booking.scheduled, booking.rescheduled, booking.reassigned, booking.canceled_then_rescheduled, booking.canceled_reschedule_requested, booking.canceled, booking.completed, booking.no_show, conversation, conversation.started, conversation.closed, conversation.abandoned.', 'events.0'],
    [{ name: 'x', url: 'https://example.com', events: [] }, 400, 'Invalid events: must NOT have fewer than 1 items.', 'events'],
    [{ url: 'https://example.com', events: ['booking'] }, 400, 'Missing required param: name.', 'name'],
    [{ name: 'x', url: 'https://example.com', events: ['booking'], secret: 'mine' }, 400, 'Received unknown parameter: secret', 'secret']
  ]
  const count = async () => (await api.get('/v2/webhooks?limit=100')).json().data.length
  const stored = await count()
  for (const [body, status, message, param] of errors) {
    const res = await post(api, '/v2/webhooks', body)
    t.equal(res.statusCode, status, message)
    t.strictSame(res.json(), param ? { type: 'invalid_request_error', message, param } : { type: 'invalid_request_error', message })
  }
  t.equal(await count(), stored, 'none of them was stored')
  for (const url of ['HTTP://Example.COM:8443/hooks?token=a%20b#x', 'http://[::1]:3000/hooks', 'https://xn--bcher-kva.example/']) {
    const res = await post(api, '/v2/webhooks', { name: url, url, events: ['booking'] })
    t.equal(res.statusCode, 200, `accepted: ${url}`)
    t.equal(res.json().url, url, 'and stored as given')
  }

  const deleted = await api.request({ method: 'DELETE', url: `/v2/webhooks/${webhook.id}`, headers: { 'content-type': 'application/json' } })
  t.strictSame(deleted.json(), { id: webhook.id, deleted: true }, 'DELETE works with a JSON Content-Type and no body')
  for (const method of ['GET', 'DELETE'] as const) {
    const res = await api.request({ method, url: `/v2/webhooks/${webhook.id}` })
    t.equal(res.statusCode, 404)
    t.strictSame(res.json(), { type: 'invalid_request_error', message: `No such webhook: '${webhook.id}'`, param: 'id' })
  }
  t.equal((await post(api, '/v2/webhooks', { name: 'New bookings', url: 'https://example.com/hooks', events: ['booking'] })).statusCode, 200, 'a deleted name is free again')
})

t.test('every change sends its event, signed, in order', async (t) => {
  const { api, receiver, webhook } = await setup(t)
  await post(api, '/_mock/clock', { now: '2026-01-02T09:00:00Z', frozen: true })
  const users = (await api.get('/v2/bookings?limit=100')).json().data.map((b: { owner: string }) => b.owner)
  const make = async (body: object) => (await post(api, '/_mock/bookings', { starting_time: '2026-01-03T10:00:00Z', duration_minutes: 30, ...body })).json()

  const expected: Array<[string, string]> = []
  const a = await make({ status: 'scheduled' }); expected.push(['booking.scheduled', a.id])
  const b = await make({ status: 'requested' })
  await post(api, `/_mock/bookings/${b.id}/approve`); expected.push(['booking.scheduled', b.id])
  await post(api, `/v2/bookings/${a.id}/cancel`, { cancellation_reason: 'Busy' }); expected.push(['booking.canceled', a.id])
  await post(api, `/v2/bookings/${b.id}/request-reschedule`, {}); expected.push(['booking.canceled_reschedule_requested', b.id])
  const c = await make({ status: 'scheduled' })
  expected.push(['booking.scheduled', c.id])
  const newHost = users.find((u: string) => u !== c.owner)
  await post(api, `/v2/bookings/${c.id}/reassign`, { new_host: newHost }); expected.push(['booking.reassigned', c.id])
  await post(api, `/_mock/bookings/${c.id}/customer-cancel`); expected.push(['booking.canceled', c.id])
  const d = await make({ status: 'scheduled' }); expected.push(['booking.scheduled', d.id])
  const same = (await post(api, `/_mock/bookings/${d.id}/customer-reschedule`, { starting_time: '2026-01-02T11:00:00Z' })).json().rescheduled
  expected.push(['booking.rescheduled', same.id])
  const other = (await post(api, `/_mock/bookings/${same.id}/customer-reschedule`, { owner: newHost === same.owner ? users[0] : newHost })).json().rescheduled
  expected.push(['booking.canceled_then_rescheduled', other.id])
  const clock = (await post(api, '/_mock/clock', { now: '2026-01-02T12:00:00Z' })).json()
  t.ok(clock.completed.includes(other.id) === false && !clock.completed.includes(same.id), 'a canceled booking never completes')
  const e = await make({ status: 'scheduled', starting_time: '2026-01-02T12:30:00Z' }); expected.push(['booking.scheduled', e.id])
  const completed = (await post(api, '/_mock/clock', { advance_seconds: 3600 })).json().completed
  t.ok(completed.includes(e.id))
  expected.push(...completed.filter((id: string) => id === e.id).map((id: string) => ['booking.completed', id] as [string, string]))
  await post(api, `/v2/bookings/${e.id}/no-show`); expected.push(['booking.no_show', e.id])

  // The clock also completed seeded bookings; wait until the whole log is delivered.
  const log = await eventually(async () => {
    const all = await deliveries(api)
    return all.length >= expected.length && all.every((d) => d.status === 'succeeded') ? all : undefined
  })
  const got = await receiver.waitFor(log.length)
  const mine = got.filter((r) => expected.some(([, id]) => id === r.json.data.id))
  t.strictSame(mine.map((r) => [r.json.type, r.json.data.id]), expected, 'every event, in the order of the changes')
  t.strictSame([...new Set(mine.map((r) => r.json.type as string))].sort(), Object.keys(oncehub.webhooks).filter((type) => type.startsWith('booking.')).sort(),
    "every booking event type of OnceHub's contract is sent (conversation events: conversations.test.ts)")
  for (const r of got) {
    t.strictSame(schemaViolations('WebhookEvent', r.json), [], `${r.json.type} keeps the contract`)
    t.equal(r.headers['content-type'], 'application/json')
    t.ok(verifySignature(String(r.headers['oncehub-signature']), r.body, webhook.secret), 'the signature verifies with the secret')
    t.notOk(verifySignature(String(r.headers['oncehub-signature']), r.body + ' ', webhook.secret), 'and not over other bytes')
    t.equal(r.json.data.contact, undefined)
    t.equal(r.json.data.utm_params, undefined)
  }
  const sentAt = Number(/^t=(\d+),/.exec(String(got[0]!.headers['oncehub-signature']))![1])
  t.ok(Math.abs(sentAt - Date.now() / 1000) < 60, 't is real time, whatever the mock clock says')
  const canceled = mine.find((r) => r.json.type === 'booking.canceled')!.json.data
  t.match(canceled, { status: 'canceled', cancel_reschedule_information: { reason: 'Busy', actioned_by: 'user' } })
  t.equal(typeof canceled.owner, 'string')
  t.equal(canceled.cancel_reschedule_url, `https://oncehub.com/m/${a.id}`)

  t.equal(receiver.received.length, log.length, 'one delivery each')
  t.ok(log.every((delivery) => delivery.status === 'succeeded' && delivery.attempts.length === 1 && delivery.attempts[0].status_code === 200))
  t.equal((await deliveries(api, '&type=booking.no_show')).length, 1, 'the log filters by event type')
  const unknown = await api.get('/_mock/webhook-deliveries?type=booking.nonsense')
  t.equal(unknown.statusCode, 400, 'and refuses a type that does not exist')
  t.equal(unknown.json().param, 'type')
})

t.test('a subscription gets only the events it asked for', async (t) => {
  const { api, receiver } = await setup(t, ['booking.canceled'])
  const booking = (await api.get('/v2/bookings?status=scheduled&limit=1')).json().data[0]
  await post(api, '/_mock/bookings', {})
  await post(api, `/v2/bookings/${booking.id}/cancel`)
  const [only] = await receiver.waitFor(1)
  t.equal(only!.json.type, 'booking.canceled')
  await new Promise((resolve) => setTimeout(resolve, 200))
  t.equal(receiver.received.length, 1, 'nothing else arrives')
})

t.test('booking.completed is sent when a running clock passes the end, with no request', async (t) => {
  const { api, receiver } = await setup(t, ['booking.completed'])
  const now = Date.parse((await api.get('/_mock/clock')).json().now)
  // Ends two seconds from now, on the second.
  const start = new Date(now - 28 * 60_000 + 2000).toISOString().replace(/\.\d{3}Z$/, 'Z')
  const booking = (await post(api, '/_mock/bookings', { starting_time: start, duration_minutes: 28 })).json()
  const [delivery] = await receiver.waitFor(1, 6000)
  t.equal(delivery!.json.type, 'booking.completed')
  t.equal(delivery!.json.data.id, booking.id)
  t.equal(delivery!.json.data.status, 'completed')
})

t.test('the conversation a booking came from is sent expanded', async (t) => {
  const { api, receiver } = await setup(t, ['booking.scheduled'])
  const conversation = api.app.store.account.list('conversations', {}, { limit: 1 }).data[0]!.id
  const booking = (await post(api, '/_mock/bookings', { conversation })).json()
  t.equal(booking.conversation, conversation)
  const [delivery] = await receiver.waitFor(1)
  const expanded = (await api.get(`/v2/bookings/${booking.id}?expand=conversation`)).json().conversation
  t.match(expanded, { object: 'conversation', id: conversation })
  t.strictSame(delivery!.json.data.conversation, expanded, 'the whole Conversation, not its ID')
})

t.test('every subscription gets the event; the log keeps the signature sent; a slow answer in time succeeds', async (t) => {
  const { api, receiver: first, webhook: one } = await setup(t, ['booking.scheduled'])
  const { receiver: second, webhook: two } = await subscribe(t, api, 'Slow receiver', ['booking'])
  // Slow, but far inside the 5 s timeout.
  second.answers.push({ status: 200, delayMs: 300 })
  const booking = (await post(api, '/_mock/bookings', {})).json()
  const [a] = await first.waitFor(1)
  const [b] = await second.waitFor(1)
  t.equal(a!.json.data.id, booking.id)
  t.equal(a!.body, b!.body, 'the same event, byte for byte')
  const log = await eventually(async () => { const all = await deliveries(api); return all.length === 2 && all.every((d) => d.status === 'succeeded') ? all : undefined })
  for (const [webhook, received] of [[one, a!], [two, b!]] as const) {
    const delivery = log.find((d) => d.webhook === webhook.id)
    t.equal(delivery.attempts[0].signature, received.headers['oncehub-signature'], 'the log shows the header sent')
    t.ok(verifySignature(delivery.attempts[0].signature, received.body, webhook.secret), 'signed with its own secret')
  }
  t.not(a!.headers['oncehub-signature'], b!.headers['oncehub-signature'])
  const slow = log.find((d) => d.webhook === two.id).attempts[0]
  t.match(slow, { status_code: 200, error: null })
  t.ok(slow.duration_ms >= 250, 'the slow answer was waited for')
})
