// How the dispatcher sends: one delivery at a time per subscription, in queue order,
// without holding back other subscriptions or the API, and without spinning while a
// delivery is in flight or querying when nothing is pending.

import t from 'tap'
import { client, type Client } from '../helpers/app.ts'
import { FAST, deliveries, eventually, post, setup, subscribe } from '../helpers/webhooks.ts'

const idsOf = (received: Array<{ json: any }>) => received.map((r) => r.json.id)
const settled = async () => await new Promise((resolve) => setTimeout(resolve, 50))

/** Counts the dispatcher's looks at the delivery queues from now on. */
function countQueueLooks (api: Client): { readonly count: number } {
  const webhooks = api.app.store.webhooks
  const due = webhooks.due
  const counter = { count: 0 }
  webhooks.due = (...args) => {
    counter.count++
    return due(...args)
  }
  return counter
}

t.test('a held delivery holds back its subscription only, and never the API', async (t) => {
  const { api, receiver: held, webhook } = await setup(t)
  const { receiver: other } = await subscribe(t, api, 'Not held')
  const release = held.hold()
  const created = await post(api, '/_mock/bookings', {})
  t.equal(created.statusCode, 201)
  await held.waitFor(1)
  const canceled = await post(api, `/v2/bookings/${created.json().id}/cancel`)
  t.equal(canceled.statusCode, 200, 'an action answers while a delivery hangs')
  t.equal(held.answered, 0, 'before the receiver answered anything')
  const log = await deliveries(api, `&webhook=${webhook.id}`)
  t.strictSame(log.map((d) => [d.event.type, d.attempts.length]), [['booking.canceled', 0], ['booking.scheduled', 0]],
    'nothing was waited for: no attempt has ended')

  const both = await other.waitFor(2)
  t.strictSame(both.map((r) => r.json.type), ['booking.scheduled', 'booking.canceled'], 'another subscription is not held back')
  t.equal(held.received.length, 1, 'the next event waits behind the held one')
  release()
  const sent = await held.waitFor(2)
  t.strictSame(idsOf(sent), idsOf(both), 'then follows it, in order')
})

t.test('a failed delivery holds back the next ones for its subscription until its retry succeeds', async (t) => {
  const { api, receiver: failing, webhook } = await setup(t)
  const { receiver: healthy } = await subscribe(t, api, 'Healthy')
  await post(api, '/_mock/clock', { frozen: true })
  failing.answers.push({ status: 500 })
  for (let i = 0; i < 3; i++) await post(api, '/_mock/bookings', {})
  const events = idsOf(await healthy.waitFor(3))
  const log = await eventually(async () => {
    const log = await deliveries(api, `&webhook=${webhook.id}`)
    return log.at(-1)?.attempts.length === 1 ? log : undefined
  })
  t.strictSame(log.map((d) => d.attempts.length), [0, 0, 1], 'the next ones wait behind the failed one')
  t.equal(failing.received.length, 1)

  await post(api, '/_mock/clock', { advance_seconds: 1 })
  t.strictSame(idsOf(await failing.waitFor(4)), [events[0], ...events], 'the retry first, then the others in order')
})

t.test('redelivered and new events keep one queue order', async (t) => {
  const { api, receiver } = await setup(t, ['booking.scheduled'])
  for (let i = 0; i < 2; i++) await post(api, '/_mock/bookings', {})
  await eventually(async () => (await deliveries(api)).filter((d) => d.status === 'succeeded').length === 2 ? true : undefined)
  const [second, first] = await deliveries(api)
  const release = receiver.hold()
  await post(api, '/_mock/bookings', {})
  await receiver.waitFor(3)
  // Queued while the third is held: two redeliveries, then two new events.
  await post(api, `/_mock/webhook-deliveries/${first.id}/redeliver`)
  await post(api, `/_mock/webhook-deliveries/${second.id}/redeliver`)
  for (let i = 0; i < 2; i++) await post(api, '/_mock/bookings', {})
  release()
  const got = idsOf(await receiver.waitFor(7))
  const log = await deliveries(api)
  t.strictSame(got.slice(3), [first.event.id, second.event.id, log[1].event.id, log[0].event.id], 'sent in the order they were queued')
  t.strictSame(log.slice(0, 4).map((d) => d.event.id).reverse(), got.slice(3), 'the log lists them in that order too')
})

t.test('a delivery in flight does not keep the dispatcher spinning', async (t) => {
  const { api, receiver } = await setup(t)
  const release = receiver.hold()
  await post(api, '/_mock/bookings', {})
  await receiver.waitFor(1)
  const looks = countQueueLooks(api)
  // Half a second on a running clock with one delivery hanging: the once-a-second
  // tick looks at the queues, nothing else should.
  await new Promise((resolve) => setTimeout(resolve, 500))
  t.ok(looks.count < 25, `${looks.count} looks at the queues in half a second`)
  release()
  await eventually(async () => (await deliveries(api))[0]?.status === 'succeeded' ? true : undefined)
})

t.test('requests cost the dispatcher no query while nothing is pending', async (t) => {
  const api = await client(t, FAST)
  await eventually(async () => api.app.store.webhooks.hasPending() ? undefined : true)
  const looks = countQueueLooks(api)
  for (let i = 0; i < 20; i++) await api.get('/v2/bookings?limit=1')
  await settled()
  t.equal(looks.count, 0, 'no subscription, nothing pending: no look at the queues')

  const { receiver } = await subscribe(t, api, 'Late')
  await post(api, '/_mock/bookings', {})
  await receiver.waitFor(1)
  t.ok(looks.count > 0, 'a queued event is looked for')
  await eventually(async () => (await deliveries(api))[0]?.status === 'succeeded' && !api.app.store.webhooks.hasPending() ? true : undefined)
  const before = looks.count
  for (let i = 0; i < 20; i++) await api.get('/v2/bookings?limit=1')
  await settled()
  t.equal(looks.count, before, 'once delivered, none again')
})

/** Counts the times the dispatcher is told to look, from now on. */
function countKicks (api: Client): { readonly count: number } {
  const dispatcher = api.app.webhooks
  const kick = dispatcher.kick.bind(dispatcher)
  const counter = { count: 0 }
  dispatcher.kick = () => {
    counter.count++
    kick()
  }
  return counter
}

t.test('the dispatcher is told of queued deliveries and clock moves, not of every request', async (t) => {
  const { api, receiver } = await setup(t)
  const kicks = countKicks(api)
  for (let i = 0; i < 5; i++) await api.get('/v2/bookings?limit=1')
  t.equal(kicks.count, 0, 'reads queue nothing and tell it nothing')
  // Held, so that the attempt's end (which tells it too) comes after the count.
  const release = receiver.hold()
  await post(api, '/_mock/bookings', {})
  t.equal(kicks.count, 1, 'a queued delivery tells it, before the answer')
  await receiver.waitFor(1)
  release()

  // Without a subscription, moving the clock queues nothing: only the move itself tells it.
  const quiet = await client(t, FAST)
  const moves = countKicks(quiet)
  t.equal((await post(quiet, '/_mock/clock', { advance_seconds: 60 })).statusCode, 200)
  t.equal(moves.count, 1, 'a clock move tells it: retries may have fallen due')
  t.equal((await post(quiet, '/_mock/reset', {})).statusCode, 200)
  t.equal(moves.count, 2, 'so does a reset')
})
