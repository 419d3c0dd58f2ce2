// The control API keeps the bookings it makes and moves coherent: owner, page,
// master page, event type and hosts fit together, times are in a possible order and
// the status is still true when the answer is read; a customer can rebook after a
// user's reschedule request.

import t, { type Test } from 'tap'
import { post, setClock, someCalendar } from '../helpers/bookings.ts'
import { client, invalid, type Client } from '../helpers/app.ts'
import { startReceiver } from '../helpers/webhook-receiver.ts'

// An account with an invited user and users owning one or two pages, on a frozen clock.
async function accountApi (t: Test): Promise<{ api: Client, active: Array<{ id: string, email: string }>, invited: string }> {
  const api = await client(t, { ONCEHUB_MOCK_SEED: '2', ONCEHUB_MOCK_BOOKINGS: '1000' })
  await setClock(api, { now: '2026-01-02T09:00:00Z', frozen: true })
  const users = (await api.get('/v2/users?limit=100')).json().data as Array<{ id: string, email: string, status: string }>
  const invited = users.find((u) => u.status === 'invited')
  if (invited === undefined) throw new Error('the dataset has no invited user')
  return { api, active: users.filter((u) => u.status === 'active'), invited: invited.id }
}

const ids = async (api: Client, url: string): Promise<string[]> => (await api.get(url)).json().data.map((x: { id: string }) => x.id)
const pagesOf = async (api: Client, user: string) => await ids(api, `/v2/booking-pages?user=${user}&limit=100`)

// The event types a booking page offers and the master pages that hold it, as the API tells.
async function offersOf (api: Client, page: string): Promise<{ event_types: string[], master_pages: string[] }> {
  const having = async (resource: string, filter: string) => {
    const found: string[] = []
    for (const id of await ids(api, `/v2/${resource}?limit=100`)) if ((await ids(api, `/v2/booking-pages?${filter}=${id}&limit=100`)).includes(page)) found.push(id)
    return found
  }
  return { event_types: await having('event-types', 'event_type'), master_pages: await having('master-pages', 'master_page') }
}

t.test('created bookings fit together: owner, page, master page, event type and hosts', async (t) => {
  const { api, active, invited } = await accountApi(t)
  const [a, b] = active as [{ id: string, email: string }, { id: string, email: string }]
  const [page] = await pagesOf(api, a.id) as [string]
  const offers = await offersOf(api, page)
  const otherEventType = (await ids(api, '/v2/event-types?limit=100')).find((id) => !offers.event_types.includes(id))
  const otherMasterPage = (await ids(api, '/v2/master-pages?limit=100')).find((id) => !offers.master_pages.includes(id))
  const calendar = { booking_page: '', booking_calendar: await someCalendar(api) }

  for (let i = 0; i < 5; i++) {
    const filled = (await post(api, '/_mock/bookings', {})).json()
    t.ok((await pagesOf(api, filled.owner)).includes(filled.booking_page), '{}: the owner owns the page')
    t.ok(filled.event_type === null || (await offersOf(api, filled.booking_page)).event_types.includes(filled.event_type), 'the page offers the event type')
    t.strictSame(filled.master_page, null)
  }
  t.equal((await post(api, '/_mock/bookings', { booking_page: page })).json().owner, a.id, 'the owner follows the page')
  const ofB = (await post(api, '/_mock/bookings', { owner: b.id })).json()
  t.ok((await pagesOf(api, b.id)).includes(ofB.booking_page), 'the page follows the owner')
  t.equal((await post(api, '/_mock/bookings', { hosts: [b.id] })).json().owner, b.id, 'the owner is the first host')
  const shared = (await post(api, '/_mock/bookings', { ...calendar, hosts: [a.id, b.id] })).json()
  t.equal(shared.owner, a.id)
  const hosted = (await api.get(`/v2/bookings?host=${b.id}&limit=100`)).json().data.map((x: { id: string }) => x.id)
  t.ok(hosted.includes(shared.id), 'a calendar booking has its co-hosts')
  const [offeredType] = offers.event_types as [string]
  t.match((await post(api, '/_mock/bookings', { booking_page: page, event_type: offeredType })).json(), { owner: a.id, event_type: offeredType })

  const refused: Array<[string, object, number, object]> = [
    ['a host twice', { hosts: [a.id, a.id] }, 400, invalid('Invalid hosts: must NOT have duplicate items (items ## 1 and 0 are identical).', 'hosts')],
    ['an owner who is not the first host', { owner: a.id, ...calendar, hosts: [b.id, a.id] }, 400, invalid(`Invalid hosts: the first host must be the owner, '${a.id}'.`, 'hosts')],
    ['an owner who does not host', { owner: a.id, hosts: [b.id] }, 400, invalid(`Invalid hosts: the first host must be the owner, '${a.id}'.`, 'hosts')],
    ['co-hosts on a booking page', { hosts: [a.id, b.id] }, 400, invalid('Invalid hosts: only a booking-calendar booking has co-hosts.', 'hosts')],
    ['an owner who does not own the page', { booking_page: page, owner: b.id }, 400, invalid(`Invalid owner: booking page '${page}' belongs to '${a.id}'.`, 'owner')],
    ['an event type the page does not offer', { booking_page: page, event_type: otherEventType }, 400, invalid(`Invalid event_type: booking page '${page}' does not offer '${otherEventType}'.`, 'event_type')],
    ['a master page that does not hold the page', { booking_page: page, master_page: otherMasterPage }, 400, invalid(`Invalid master_page: '${otherMasterPage}' does not hold booking page '${page}'.`, 'master_page')],
    ['an event type on a booking calendar', { ...calendar, event_type: offeredType }, 400, invalid('Invalid event_type: a booking-calendar booking has none.', 'event_type')],
    ['a page and a calendar', { booking_page: page, booking_calendar: calendar.booking_calendar }, 400, invalid('Invalid booking_page: a booking-calendar booking has no booking page.', 'booking_page')],
    ['neither page nor calendar', { booking_page: '' }, 400, invalid('Invalid booking_page: a booking with no booking_calendar is made on a booking page.', 'booking_page')],
    ['an invited owner', { owner: invited }, 409, invalid('User is inactive.', 'owner')],
    ['an invited co-host', { ...calendar, hosts: [a.id, invited] }, 409, invalid('User is inactive.', 'hosts')],
    ['an unknown host', { ...calendar, hosts: [a.id, 'USR-NOBODY0000'] }, 404, invalid("No such user: 'USR-NOBODY0000'", 'hosts')]
  ]
  const count = api.app.store.dataset.info().bookings
  for (const [name, body, status, error] of refused) {
    const res = await post(api, '/_mock/bookings', body)
    t.equal(res.statusCode, status, name)
    t.strictSame(res.json(), error, name)
  }
  t.equal(api.app.store.dataset.info().bookings, count, 'nothing was created by a refused request')
})

t.test('created bookings have times in a possible order, and a status still true', async (t) => {
  const api = await client(t)
  await setClock(api, { now: '2026-12-01T12:00:00Z', frozen: true })
  const clock = "the mock's clock (2026-12-01T12:00:00Z)"
  const refused: Array<[object, object]> = [
    [{ status: 'scheduled', starting_time: '2026-01-01T10:00:00Z' }, invalid(`Invalid status: a scheduled booking must not have ended by ${clock}.`, 'status')],
    [{ status: 'rescheduled', starting_time: '2026-12-01T11:00:00Z', duration_minutes: 60 }, invalid(`Invalid status: a rescheduled booking must not have ended by ${clock}.`, 'status')],
    [{ starting_time: '2026-12-01T11:30:00Z', duration_minutes: 30 }, invalid(`Invalid status: a scheduled booking must not have ended by ${clock}.`, 'status')],
    [{ starting_time: '2026-12-05T10:00:00Z', creation_time: '2026-12-06T10:00:00Z' }, invalid(`Invalid creation_time: must not be later than ${clock}.`, 'creation_time')],
    [{ status: 'completed', starting_time: '2026-11-05T10:00:00Z', creation_time: '2026-11-06T10:00:00Z' }, invalid('Invalid creation_time: must not be later than starting_time (2026-11-05T10:00:00Z).', 'creation_time')],
    [{ creation_time: '2026-11-20T10:00:00Z', last_updated_time: '2026-11-19T10:00:00Z' }, invalid('Invalid last_updated_time: must not be earlier than creation_time (2026-11-20T10:00:00Z).', 'last_updated_time')],
    [{ last_updated_time: '2026-12-01T12:00:01Z' }, invalid(`Invalid last_updated_time: must not be later than ${clock}.`, 'last_updated_time')],
    [{ status: 'completed', starting_time: '2026-11-05T10:00:00Z', duration_minutes: 30, last_updated_time: '2026-11-05T10:15:00Z' }, invalid('Invalid last_updated_time: a completed booking was last updated at or after its end (2026-11-05T10:30:00Z).', 'last_updated_time')]
  ]
  for (const [body, error] of refused) {
    const res = await post(api, '/_mock/bookings', body)
    t.equal(res.statusCode, 400, JSON.stringify(body))
    t.strictSame(res.json(), error)
  }

  const make = async (body: object) => {
    const res = await post(api, '/_mock/bookings', body)
    t.equal(res.statusCode, 201, JSON.stringify(body))
    const booking = res.json()
    t.strictSame((await api.get(`/v2/bookings/${booking.id}`)).json(), booking, 'the answer is what the next read sees')
    t.ok(booking.creation_time <= booking.starting_time && booking.creation_time <= booking.last_updated_time && booking.last_updated_time <= '2026-12-01T12:00:00Z', 'its times are in order')
    return booking
  }
  t.match(await make({ status: 'scheduled', starting_time: '2026-12-01T11:30:00Z', duration_minutes: 60 }), { status: 'scheduled', creation_time: '2026-12-01T10:30:00Z' }, 'a meeting under way is still scheduled, booked an hour ahead')
  t.match(await make({ starting_time: '2026-12-20T10:00:00Z' }), { creation_time: '2026-12-01T12:00:00Z', last_updated_time: '2026-12-01T12:00:00Z' }, 'creation_time defaults to the clock')
  t.match(await make({ status: 'completed', starting_time: '2026-11-05T10:00:00Z', duration_minutes: 30 }), { creation_time: '2026-11-05T09:00:00Z', last_updated_time: '2026-11-05T10:30:00Z' }, 'a completed booking was last updated at its end')
  const noShow = await make({ status: 'no_show', starting_time: '2026-11-05T10:00:00Z', duration_minutes: 30 })
  t.ok(noShow.last_updated_time > '2026-11-05T10:30:00Z', 'a no-show was marked after the end')
  for (const starting of ['2026-11-05T10:00:00Z', '2026-12-20T10:00:00Z']) {
    const canceled = await make({ status: 'canceled', starting_time: starting })
    t.ok(canceled.last_updated_time <= starting, 'a canceled booking was canceled before it started')
    t.ok(['user', 'customer'].includes(canceled.cancel_reschedule_information.actioned_by), 'and says who canceled it')
    t.equal(canceled.cancel_reschedule_information.user_id, canceled.cancel_reschedule_information.actioned_by === 'user' ? canceled.owner : '')
  }
})

t.test('a customer rebooking elsewhere takes the new page and its owner', async (t) => {
  const { api, active, invited } = await accountApi(t)
  const [a] = active as [{ id: string, email: string }]
  const b = (await Promise.all(active.map(async (u) => ({ ...u, pages: await pagesOf(api, u.id) })))).find((u) => u.id !== a.id && u.pages.length === 2)!
  const make = async () => (await post(api, '/_mock/bookings', { owner: a.id, starting_time: '2026-01-10T10:00:00Z' })).json()

  const booking = await make()
  const [page] = b.pages as [string]
  const res = await post(api, `/_mock/bookings/${booking.id}/customer-reschedule`, { booking_page: page })
  t.equal(res.statusCode, 200)
  const moved = res.json().rescheduled
  const links = await offersOf(api, page)
  t.match(moved, { booking_page: page, owner: b.id, rescheduled_booking_id: booking.id })
  t.ok(moved.event_type === null || links.event_types.includes(moved.event_type), 'the event type is one the new page offers')
  t.ok(moved.master_page === null || links.master_pages.includes(moved.master_page), 'the master page holds the new page')
  t.notOk(moved.attendees.includes(a.email), 'the old owner no longer attends')
  t.ok(moved.attendees.includes(b.email), 'the new one does')
  const hosted = (await api.get(`/v2/bookings?host=${b.id}&limit=100`)).json().data.map((x: { id: string }) => x.id)
  t.ok(hosted.includes(moved.id), 'and hosts it')

  const byOwner = (await post(api, `/_mock/bookings/${(await make()).id}/customer-reschedule`, { owner: b.id })).json().rescheduled
  t.equal(byOwner.owner, b.id)
  t.ok(b.pages.includes(byOwner.booking_page), "the new owner's page")
  const again = (await post(api, `/_mock/bookings/${byOwner.id}/customer-reschedule`, { owner: b.id })).json().rescheduled
  t.equal(again.booking_page, byOwner.booking_page, 'an owner who owns the page keeps it')

  const refused: Array<[object, number, object]> = [
    [{ booking_page: page, owner: a.id }, 400, { type: 'invalid_request_error', message: `Invalid owner: booking page '${page}' belongs to '${b.id}'.`, param: 'owner' }],
    [{ owner: invited }, 409, { type: 'invalid_request_error', message: 'User is inactive.', param: 'owner' }],
    [{ booking_page: 'BP-NOSUCHPAGE' }, 404, { type: 'invalid_request_error', message: "No such booking page: 'BP-NOSUCHPAGE'", param: 'booking_page' }]
  ]
  const target = await make()
  for (const [body, status, error] of refused) {
    const res = await post(api, `/_mock/bookings/${target.id}/customer-reschedule`, body)
    t.equal(res.statusCode, status, JSON.stringify(body))
    t.strictSame(res.json(), error)
  }
  t.strictSame((await api.get(`/v2/bookings/${target.id}`)).json(), target, 'refusals change nothing')
})

t.test('the customer rebooks after a reschedule request: booking.rescheduled', async (t) => {
  const api = await client(t, { ONCEHUB_MOCK_WEBHOOK_RETRY_BASE_MS: '20', ONCEHUB_MOCK_WEBHOOK_TIMEOUT_MS: '5000' })
  await setClock(api, { now: '2026-01-02T09:00:00Z', frozen: true })
  const receiver = await startReceiver(t)
  t.teardown(() => receiver.close())
  t.equal((await post(api, '/v2/webhooks', { name: 'Receiver', url: receiver.url, events: ['booking'] })).statusCode, 200)
  const make = async (status = 'scheduled') => (await post(api, '/_mock/bookings', { status, starting_time: '2026-01-05T10:00:00Z' })).json()

  const booking = await make()
  const asked = (await post(api, `/v2/bookings/${booking.id}/request-reschedule`, { reschedule_reason: 'Host is ill' })).json()
  const early = await post(api, `/_mock/bookings/${booking.id}/customer-reschedule`, { starting_time: '2026-01-01T10:00:00Z' })
  t.equal(early.statusCode, 400, 'a refused rebooking...')
  const res = await post(api, `/_mock/bookings/${booking.id}/customer-reschedule`, { starting_time: '2026-01-06T10:00:00Z' })
  t.equal(res.statusCode, 200, '...leaves the request open')
  const { canceled, rescheduled } = res.json()
  t.strictSame(canceled, asked, 'the old booking stays as the request left it')
  t.match(rescheduled, { status: 'rescheduled', rescheduled_booking_id: booking.id, starting_time: '2026-01-06T10:00:00Z', owner: booking.owner })
  t.equal((await post(api, `/_mock/bookings/${booking.id}/customer-reschedule`)).statusCode, 409, 'a request is answered once')

  const plain = await make()
  await post(api, `/v2/bookings/${plain.id}/cancel`)
  const refused = await post(api, `/_mock/bookings/${plain.id}/customer-reschedule`)
  t.equal(refused.statusCode, 409, 'a plain cancel cannot be rescheduled')
  t.strictSame(refused.json(), { type: 'invalid_request_error', message: `Booking cannot be cancelled: '${plain.id}'`, param: 'id' })

  const request = await make('requested')
  const again = (await post(api, `/_mock/bookings/${request.id}/customer-reschedule`)).json().rescheduled
  t.equal(again.status, 'requested', 'a request rebooked is still a request')
  const last = await make()

  const got = await receiver.waitFor(6)
  const mine = got.map((r) => [r.json.type, r.json.data.id])
  t.strictSame(mine, [
    ['booking.scheduled', booking.id],
    ['booking.canceled_reschedule_requested', booking.id],
    ['booking.rescheduled', rescheduled.id],
    ['booking.scheduled', plain.id],
    ['booking.canceled', plain.id],
    ['booking.scheduled', last.id]
  ], 'the rebooking sends booking.rescheduled; a rebooked request sends nothing')
  t.equal(got[2]!.json.data.rescheduled_booking_id, booking.id)
})
