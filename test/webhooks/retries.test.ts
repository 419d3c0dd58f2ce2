// Webhook deliveries that fail: retries on the mock's clock, the last attempt at the
// window's end and the disable, redelivery, receivers that hang, drop or are absent,
// a subscription pointed at the mock itself, a restart, and a failure to record an
// attempt.

import t from 'tap'
import { client, databaseFile } from '../helpers/app.ts'
import { startReceiver } from '../helpers/webhook-receiver.ts'
import { FAST, deliveries, eventually, post, setup } from '../helpers/webhooks.ts'

t.test('failed deliveries are retried on the clock, then succeed', async (t) => {
  const { api, receiver } = await setup(t)
  await post(api, '/_mock/clock', { frozen: true })
  receiver.answers.push({ status: 500 }, { status: 302 })
  await post(api, '/_mock/bookings', {})
  await receiver.waitFor(1)
  await new Promise((resolve) => setTimeout(resolve, 150))
  t.equal(receiver.received.length, 1, 'a frozen clock holds the retry')
  const attempts = async (n: number) => await eventually(async () => (await deliveries(api))[0]?.attempts.length === n ? true : undefined)
  await attempts(1)
  await post(api, '/_mock/clock', { advance_seconds: 1 })
  await attempts(2)
  await post(api, '/_mock/clock', { advance_seconds: 1 })
  const all = await receiver.waitFor(3)
  t.equal(new Set(all.map((r) => r.body)).size, 1, 'the same bytes each time')
  const [delivery] = await eventually(async () => { const log = await deliveries(api); return log[0]?.status === 'succeeded' ? log : undefined })
  t.strictSame(delivery.attempts.map((a: { status_code: number }) => a.status_code), [500, 302, 200], 'a redirect is a failure too')
  t.equal(delivery.next_attempt_time, null)
})

t.test('a receiver that never succeeds is tried last at the window\'s end, then disabled', async (t) => {
  // Retries after 1 s, then 5 s later; the next (25 s later) would pass the 10 s window,
  // so the last attempt falls at its end. A frozen clock moved by hand makes it exact.
  const { api, receiver, webhook } = await setup(t, ['booking.scheduled'], { ONCEHUB_MOCK_WEBHOOK_RETRY_BASE_MS: '1000', ONCEHUB_MOCK_WEBHOOK_RETRY_WINDOW_MS: '10000' })
  await post(api, '/_mock/clock', { now: '2026-01-02T09:00:00Z', frozen: true })
  receiver.fallback = { status: 503 }
  await post(api, '/_mock/bookings', {})
  const attempted = async (n: number) => await eventually(async () => { const [d] = await deliveries(api); return d?.attempts.length === n ? d : undefined })
  const schedule: Array<string | null> = []
  for (const [n, seconds] of [[1, 1], [2, 5], [3, 4], [4, 0]] as const) {
    const attempt = await attempted(n)
    schedule.push(attempt.next_attempt_time)
    if (seconds > 0) await post(api, '/_mock/clock', { advance_seconds: seconds })
  }
  t.strictSame(schedule, ['2026-01-02T09:00:01Z', '2026-01-02T09:00:06Z', '2026-01-02T09:00:10Z', null], 'retried at 1 s, 6 s, and last at the window\'s end')
  const [delivery] = await deliveries(api)
  t.equal(delivery.status, 'failed')
  t.strictSame(delivery.attempts.map((a: { time: string, status_code: number }) => [a.time.slice(11), a.status_code]),
    [['09:00:00Z', 503], ['09:00:01Z', 503], ['09:00:06Z', 503], ['09:00:10Z', 503]])
  t.equal(delivery.subscription_disabled, true)
  await post(api, '/_mock/bookings', {})
  await new Promise((resolve) => setTimeout(resolve, 200))
  t.equal(receiver.received.length, 4, 'a disabled subscription is sent nothing')
  t.equal((await deliveries(api, `&webhook=${webhook.id}`)).length, 1)

  receiver.fallback = { status: 200 }
  const again = await post(api, `/_mock/webhook-deliveries/${delivery.id}/redeliver`)
  t.equal(again.json().status, 'pending')
  await receiver.waitFor(5)
  const done = await eventually(async () => { const log = await deliveries(api); return log.find((d) => d.id === delivery.id)?.status === 'succeeded' ? log : undefined })
  t.equal(done.find((d) => d.id === delivery.id).subscription_disabled, false, 'redelivering re-enables the subscription')
  t.equal((await post(api, '/_mock/webhook-deliveries/DLV-NOSUCHDELIV/redeliver')).statusCode, 404)

  await api.request({ method: 'DELETE', url: `/v2/webhooks/${webhook.id}` })
  const gone = await post(api, `/_mock/webhook-deliveries/${delivery.id}/redeliver`)
  t.equal(gone.statusCode, 409, 'a deleted subscription has nowhere to send it')
  t.strictSame(gone.json(), { type: 'invalid_request_error', message: `Cannot redeliver '${delivery.id}': its webhook subscription '${webhook.id}' was deleted.`, param: 'id' })
  t.equal((await deliveries(api)).find((d) => d.id === delivery.id).status, 'succeeded', 'and nothing changed')
})

t.test('hanging, dropping and absent receivers never block the API', async (t) => {
  const { api, receiver } = await setup(t, ['booking'], { ONCEHUB_MOCK_WEBHOOK_TIMEOUT_MS: '300' })
  receiver.answers.push({ status: 200, delayMs: 2000 }, { drop: true })
  await post(api, '/_mock/bookings', {})
  await receiver.waitFor(1)
  const started = Date.now()
  t.equal((await api.get('/v2/bookings?limit=5')).statusCode, 200, 'the API answers while the receiver hangs')
  t.ok(Date.now() - started < 1000)
  const [delivery] = await eventually(async () => { const log = await deliveries(api); return log[0]?.attempts.length >= 2 ? log : undefined })
  t.match(delivery.attempts[0].error, /^timed out after 300 ms$/)
  t.equal(delivery.attempts[0].status_code, null)
  t.match(delivery.attempts[1].error, /^connection (closed|reset) \((UND_ERR_SOCKET|ECONNRESET)\)$/, 'a dropped connection is an error, in words')

  // A port that was just free: nobody listens there.
  const closed = await startReceiver(t)
  await closed.close()
  const refused = await post(api, '/v2/webhooks', { name: 'Nobody home', url: closed.url, events: ['booking.canceled'] })
  t.equal(refused.statusCode, 200)
  const booking = (await api.get('/v2/bookings?status=scheduled&limit=1')).json().data[0]
  await post(api, `/v2/bookings/${booking.id}/cancel`)
  const failed = await eventually(async () => (await deliveries(api, `&webhook=${refused.json().id}`))[0]?.attempts[0])
  t.equal(failed.status_code, null)
  t.equal(failed.error, 'connection refused (ECONNREFUSED)')
})

t.test('a subscription pointed at the mock itself does not loop', async (t) => {
  const api = await client(t, { ...FAST, ONCEHUB_MOCK_WEBHOOK_RETRY_WINDOW_MS: '300' })
  const base = await api.app.listen({ port: 0, host: '127.0.0.1' })
  await post(api, '/v2/webhooks', { name: 'Myself', url: `${base}/_mock/bookings`, events: ['booking'] })
  const before = api.app.store.dataset.info().bookings
  await post(api, '/_mock/bookings', {})
  const [delivery] = await eventually(async () => { const log = await deliveries(api); return log[0]?.status === 'failed' ? log : undefined })
  t.ok(delivery.attempts.every((a: { status_code: number }) => a.status_code === 508))
  t.equal(api.app.store.dataset.info().bookings, before + 1, 'only the booking the test created exists')
})

t.test('pending deliveries survive a restart on a database file and resume', async (t) => {
  const file = databaseFile(t)
  const receiver = await startReceiver(t)
  t.teardown(() => receiver.close())
  const first = await client(t, { ...FAST, ONCEHUB_MOCK_DB: file })
  await post(first, '/v2/webhooks', { name: 'Survivor', url: receiver.url, events: ['booking'] })
  await post(first, '/_mock/clock', { frozen: true })
  receiver.fallback = { status: 500 }
  const created = (await post(first, '/_mock/bookings', {})).json()
  await eventually(async () => (await deliveries(first))[0]?.attempts.length === 1 ? true : undefined)
  await first.app.close()

  receiver.fallback = { status: 204 }
  const second = await client(t, { ...FAST, ONCEHUB_MOCK_DB: file })
  t.equal((await second.get('/_mock/clock')).json().frozen, true, 'the clock still holds the retry')
  await post(second, '/_mock/clock', { advance_seconds: 1 })
  const [delivery] = await eventually(async () => { const log = await deliveries(second); return log[0]?.status === 'succeeded' ? log : undefined })
  t.strictSame(delivery.attempts.map((a: { status_code: number }) => a.status_code), [500, 204])
  t.equal(receiver.received.at(-1)!.json.data.id, created.id, 'the same event, after the restart')
})

t.test('an attempt that cannot be recorded is logged, not an unhandled rejection, and sent again', async (t) => {
  const { api, receiver } = await setup(t)
  const webhooks = api.app.store.webhooks
  const record = webhooks.recordAttempt
  webhooks.recordAttempt = () => {
    webhooks.recordAttempt = record
    throw new Error('disk I/O error')
  }
  const logged: string[] = []
  api.app.log.error = ((_: unknown, message: string) => { logged.push(message) }) as typeof api.app.log.error
  await post(api, '/_mock/bookings', {})
  const [first, second] = await receiver.waitFor(2)
  t.equal(first!.body, second!.body, 'the unrecorded attempt is made again')
  const [delivery] = await eventually(async () => { const log = await deliveries(api); return log[0]?.status === 'succeeded' ? log : undefined })
  t.equal(delivery.attempts.length, 1)
  t.strictSame(logged, ['webhook attempt not recorded'])
})
