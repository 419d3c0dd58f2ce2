// Every transition from every status, table-driven: each action on a booking in
// each status (allowed or refused), what completion leaves alone, reassigning to a
// co-host, and mixed actions racing on one booking.

import t from 'tap'
import { activeUsers, conflict, create, frozenApi, PAID, post, someCalendar, STATUSES, type Status } from '../helpers/bookings.ts'
import type { Client } from '../helpers/app.ts'

// Where a booking can stand when an action reaches it: every status, a booking the
// user canceled with request-reschedule, and a paid one (scheduled, on a calendar).
const STARTS = [...STATUSES, 'reschedule_requested', 'paid'] as const
type Start = typeof STARTS[number]

async function createAt (api: Client, start: Start, owner: string): Promise<any> {
  if (start === 'paid') return await create(api, 'scheduled', { owner, payment_information: PAID, booking_page: '', booking_calendar: await someCalendar(api) })
  if (start !== 'reschedule_requested') return await create(api, start, { owner })
  const booking = await create(api, 'scheduled', { owner })
  return (await post(api, `/v2/bookings/${booking.id}/request-reschedule`, { reschedule_reason: 'Host is ill' })).json()
}

interface ActionCase {
  action: string
  url: (id: string) => string
  body?: (newHost: string) => object
  /** The status each allowed start leaves the booking in; every other start is refused. */
  after: Partial<Record<Start, Status>>
  refusal: (id: string) => [number, object]
  /** The refusal of a paid booking, where it differs. */
  paid?: [number, object]
}

const cannotCancel = (id: string): [number, object] => [409, conflict(`Booking cannot be cancelled: '${id}'`)]
const CANCELS: Partial<Record<Start, Status>> = { requested: 'canceled', scheduled: 'canceled', rescheduled: 'canceled' }
const ACTION_CASES: ActionCase[] = [
  {
    action: 'cancel',
    url: (id) => `/v2/bookings/${id}/cancel`,
    after: CANCELS,
    refusal: cannotCancel,
    paid: [422, { type: 'invalid_request_error', message: 'Paid bookings cannot be canceled through this endpoint. Please login to OnceHub and use the Activity Stream to cancel paid bookings.' }]
  },
  {
    action: 'request-reschedule',
    url: (id) => `/v2/bookings/${id}/request-reschedule`,
    after: CANCELS,
    refusal: cannotCancel,
    paid: [422, { type: 'invalid_request_error', message: 'Paid bookings can only be requested for reschedule in your OnceHub account. Log in and use the activity stream to submit a reschedule request for this booking.' }]
  },
  { action: 'no-show', url: (id) => `/v2/bookings/${id}/no-show`, after: { completed: 'no_show' }, refusal: (id) => [409, conflict(`Cannot update booking status to no_show: '${id}'`)] },
  {
    action: 'reassign',
    url: (id) => `/v2/bookings/${id}/reassign`,
    body: (newHost) => ({ new_host: newHost }),
    after: { requested: 'requested', scheduled: 'scheduled', rescheduled: 'rescheduled', paid: 'scheduled' },
    refusal: () => [409, conflict('Booking cannot be reassigned in its current status.')]
  },
  { action: 'customer-cancel', url: (id) => `/_mock/bookings/${id}/customer-cancel`, after: { ...CANCELS, paid: 'canceled' }, refusal: cannotCancel },
  {
    action: 'customer-reschedule',
    url: (id) => `/_mock/bookings/${id}/customer-reschedule`,
    after: { ...CANCELS, paid: 'canceled', reschedule_requested: 'canceled' },
    refusal: cannotCancel
  },
  { action: 'approve', url: (id) => `/_mock/bookings/${id}/approve`, after: { requested: 'scheduled' }, refusal: (id) => [409, conflict(`Only a requested booking can be approved: '${id}'`)] }
]

t.test('every action from every status: allowed ones change it, refused ones change nothing', async (t) => {
  const api = await frozenApi(t)
  const [owner, newHost] = activeUsers(api)
  for (const { action, url, body, after, refusal, paid } of ACTION_CASES) {
    for (const start of STARTS) {
      const booking = await createAt(api, start, owner.id)
      const res = await post(api, url(booking.id), body?.(newHost.id))
      const name = `${action} from ${start}`
      const expected = after[start]
      if (expected !== undefined) {
        t.equal(res.statusCode, 200, name)
        const changed = action === 'customer-reschedule' ? res.json().canceled : res.json()
        t.equal(changed.status, expected, `${name} leaves it ${expected}`)
        t.strictSame((await api.get(`/v2/bookings/${booking.id}`)).json(), changed, `${name}: GET sees the answer`)
      } else {
        const [status, error] = start === 'paid' && paid ? paid : refusal(booking.id)
        t.equal(res.statusCode, status, `${name} is refused`)
        t.strictSame(res.json(), error, name)
        t.strictSame((await api.get(`/v2/bookings/${booking.id}`)).json(), booking, `${name} changes nothing`)
      }
    }
    const missing = await post(api, url('BKNG-NOSUCHBOOKIN'), body?.(newHost.id))
    t.equal(missing.statusCode, 404, `${action} on an unknown booking`)
    t.strictSame(missing.json(), { type: 'invalid_request_error', message: "No such booking: 'BKNG-NOSUCHBOOKIN'", param: 'id' })
  }
})

t.test('reassigning to a co-host neither duplicates nor loses attendees', async (t) => {
  const api = await frozenApi(t)
  const [a, b] = activeUsers(api)
  const booking = await create(api, 'scheduled', { owner: a.id, hosts: [a.id, b.id], booking_page: '', booking_calendar: await someCalendar(api), attendees: ['c@example.com', a.email, b.email, 'd@example.com'] })
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

t.test('completion leaves canceled and no-show bookings alone', async (t) => {
  const api = await frozenApi(t)
  const canceled = await create(api, 'canceled')
  const canceledByUser = (await post(api, `/v2/bookings/${(await create(api, 'scheduled')).id}/cancel`)).json()
  const noShow = await create(api, 'no_show')
  const clock = await post(api, '/_mock/clock', { advance_seconds: 10 * 86400 })
  for (const booking of [canceled, canceledByUser, noShow]) {
    t.notOk(clock.json().completed.includes(booking.id), `${booking.status} is not completed`)
    t.strictSame((await api.get(`/v2/bookings/${booking.id}`)).json(), booking, 'and is unchanged')
  }
})

t.test('parallel mixed actions on one booking: what one after another would give', async (t) => {
  const api = await frozenApi(t)
  const [owner, newHost] = activeUsers(api)
  const cancels = ['cancel', 'request-reschedule', 'customer-cancel']
  for (let round = 0; round < 4; round++) {
    const booking = await create(api, 'scheduled', { owner: owner.id })
    const requests: Array<[string, string, object | undefined]> = [
      ...cancels.flatMap((action) => [0, 1].map(() => [action, ACTION_CASES.find((c) => c.action === action)!.url(booking.id), {}] as [string, string, object])),
      ...[0, 1].map(() => ['reassign', `/v2/bookings/${booking.id}/reassign`, { new_host: newHost.id }] as [string, string, object]),
      ['no-show', `/v2/bookings/${booking.id}/no-show`, undefined],
      ['approve', `/_mock/bookings/${booking.id}/approve`, undefined]
    ]
    // A different order each round: the reassigns come first, last, or in between.
    const ordered = [...requests.slice(round * 2), ...requests.slice(0, round * 2)]
    const results = await Promise.all(ordered.map(async ([action, url, body]) => ({ action, res: await post(api, url, body) })))
    const won = results.filter(({ res }) => res.statusCode === 200)
    const cancel = won.filter(({ action }) => cancels.includes(action))
    t.equal(cancel.length, 1, 'exactly one cancellation succeeds')
    t.ok(won.filter(({ action }) => action === 'reassign').length <= 1, 'at most one reassign')
    for (const { action, res } of results.filter(({ res }) => res.statusCode !== 200)) t.equal(res.statusCode, 409, `${action} conflicts`)
    const final = (await api.get(`/v2/bookings/${booking.id}`)).json()
    t.strictSame(final, cancel[0]!.res.json(), 'the booking is what the cancellation answered')
    const reassigned = won.some(({ action }) => action === 'reassign')
    t.equal(final.attendees.includes(newHost.email), reassigned, 'a reassign shows only if it succeeded, before the cancellation')
  }
})
