// How the dispatcher sends: without spinning while a delivery is in flight, and
// without querying when nothing is pending.

import t from 'tap'
import { client, type Client } from './helper.ts'
import { FAST, deliveries, eventually, post, setup, subscribe } from './webhook-setup.ts'

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
