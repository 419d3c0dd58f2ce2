// Transitions beyond single actions: reassigning to a co-host.

import t from 'tap'
import { activeUsers, create, frozenApi, post } from './booking-helpers.ts'

t.test('reassigning to a co-host neither duplicates nor loses attendees', async (t) => {
  const api = await frozenApi(t)
  const [a, b] = activeUsers(api)
  const booking = await create(api, 'scheduled', { owner: a.id, hosts: [a.id, b.id], booking_page: '', booking_calendar: 'BKC-0000000000', attendees: ['c@example.com', a.email, b.email, 'd@example.com'] })
  const toB = await post(api, `/v2/bookings/${booking.id}/reassign`, { new_host: b.id })
  t.equal(toB.statusCode, 200)
  t.strictSame(toB.json().attendees, ['c@example.com', b.email, 'd@example.com'], 'the old host leaves; the new one is there once')
  const hosted = async (user: string) => (await api.get(`/v2/bookings?host=${user}&limit=100`)).json().data.some((x: { id: string }) => x.id === booking.id)
  t.ok(await hosted(b.id))
  t.notOk(await hosted(a.id), 'the old host no longer hosts it')
  const toA = await post(api, `/v2/bookings/${booking.id}/reassign`, { new_host: a.id })
  t.strictSame(toA.json().attendees, ['c@example.com', a.email, 'd@example.com'], 'and back: every guest is still there')
  t.ok(await hosted(a.id))
})
