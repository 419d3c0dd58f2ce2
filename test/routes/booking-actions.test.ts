// The booking actions: every transition, allowed and refused, from every status,
// and how each change shows in later reads, filters and order.

import t from 'tap'
import { conflict, create, frozenApi, NOW, PAID, post, STATUSES, type Status } from '../helpers/bookings.ts'

const CANCELABLE = new Set<Status>(['requested', 'scheduled', 'rescheduled'])

t.test('cancel and request-reschedule: from every status', async (t) => {
  const api = await frozenApi(t)
  for (const [action, body, reasonField] of [['cancel', { cancellation_reason: 'Double booked', send_cancellation_email: false }, 'cancellation_reason'], ['request-reschedule', { reschedule_reason: 'Host is ill' }, 'reschedule_reason']] as const) {
    for (const status of STATUSES) {
      const booking = await create(api, status)
      const res = await post(api, `/v2/bookings/${booking.id}/${action}`, body)
      if (CANCELABLE.has(status)) {
        t.equal(res.statusCode, 200, `${action} from ${status}`)
        const after = res.json()
        t.equal(after.status, 'canceled')
        t.strictSame(after.cancel_reschedule_information, { reason: (body as Record<string, string>)[reasonField], actioned_by: 'user', user_id: booking.owner })
        t.equal(after.last_updated_time, NOW, 'last_updated_time is the clock')
        t.strictSame((await api.get(`/v2/bookings/${booking.id}`)).json(), after, 'GET sees the change')
      } else {
        t.equal(res.statusCode, 409, `${action} from ${status} is refused`)
        t.strictSame(res.json(), conflict(`Booking cannot be cancelled: '${booking.id}'`))
        t.strictSame((await api.get(`/v2/bookings/${booking.id}`)).json(), booking, 'and changes nothing')
      }
    }
  }
})

t.test('cancel without a body records an empty reason', async (t) => {
  const api = await frozenApi(t)
  const booking = await create(api, 'scheduled')
  const res = await post(api, `/v2/bookings/${booking.id}/cancel`)
  t.equal(res.statusCode, 200)
  t.strictSame(res.json().cancel_reschedule_information, { reason: '', actioned_by: 'user', user_id: booking.owner })
})

t.test('paid bookings cannot be canceled or rescheduled through the API', async (t) => {
  const api = await frozenApi(t)
  const calendar = (await api.get('/v2/booking-calendars?limit=1')).json().data[0].id
  const paid = await create(api, 'scheduled', { payment_information: PAID, booking_page: '', booking_calendar: calendar })
  const cancel = await post(api, `/v2/bookings/${paid.id}/cancel`, {})
  t.equal(cancel.statusCode, 422)
  t.strictSame(cancel.json(), { type: 'invalid_request_error', message: 'Paid bookings cannot be canceled through this endpoint. Please login to OnceHub and use the Activity Stream to cancel paid bookings.' })
  const reschedule = await post(api, `/v2/bookings/${paid.id}/request-reschedule`, {})
  t.equal(reschedule.statusCode, 422)
  t.strictSame(reschedule.json(), { type: 'invalid_request_error', message: 'Paid bookings can only be requested for reschedule in your OnceHub account. Log in and use the activity stream to submit a reschedule request for this booking.' })
  t.equal((await api.get(`/v2/bookings/${paid.id}`)).json().status, 'scheduled')
  const paidDone = await create(api, 'completed', { payment_information: PAID })
  t.equal((await post(api, `/v2/bookings/${paidDone.id}/cancel`)).statusCode, 409, 'the status is checked before payment')
})

t.test('no-show: only from completed', async (t) => {
  const api = await frozenApi(t)
  for (const status of STATUSES) {
    const booking = await create(api, status)
    const res = await post(api, `/v2/bookings/${booking.id}/no-show`)
    if (status === 'completed') {
      t.equal(res.statusCode, 200)
      t.equal(res.json().status, 'no_show')
      t.equal(res.json().last_updated_time, NOW)
    } else {
      t.equal(res.statusCode, 409, `no-show from ${status} is refused`)
      t.strictSame(res.json(), conflict(`Cannot update booking status to no_show: '${booking.id}'`))
    }
  }
  const done = await create(api, 'completed')
  t.equal((await post(api, `/v2/bookings/${done.id}/no-show`, {})).statusCode, 200, 'an empty object is no body')
})

t.test('reassign', async (t) => {
  // A larger account, so that it has invited users.
  const api = await frozenApi(t, { ONCEHUB_MOCK_SEED: '2', ONCEHUB_MOCK_BOOKINGS: '1000' })
  const users = (await api.get('/v2/users?limit=100')).json().data.sort((a: { id: string }, b: { id: string }) => a.id < b.id ? -1 : 1) as Array<{ id: string, email: string, status: string }>
  const active = users.filter((u) => u.status === 'active')
  const invited = users.find((u) => u.status === 'invited')
  const [first, second] = active as [typeof active[0], typeof active[0]]
  const booking = await create(api, 'scheduled', { owner: first.id, attendees: ['guest@example.com', first.email] })

  const cases: Array<[string, object, number, object]> = [
    ['no new_host', {}, 400, { type: 'invalid_request_error', message: 'Missing required param: new_host.', param: 'new_host' }],
    ['an unknown user', { new_host: 'USR-XXXXXXXXXX' }, 404, { type: 'invalid_request_error', message: "No such user: 'USR-XXXXXXXXXX'", param: 'new_host' }],
    ['the same host', { new_host: first.id }, 409, { type: 'invalid_request_error', message: 'Booking cannot be reassigned to the same host.', param: 'new_host' }],
    ['a location that is not virtual', { new_host: second.id, location: { type: 'physical', value: 'zoom' } }, 400, { type: 'invalid_request_error', message: "location.type must be 'virtual'", param: 'location.type' }],
    ['an unknown provider', { new_host: second.id, location: { type: 'virtual', value: 'skype' } }, 400, { type: 'invalid_request_error', message: 'Invalid location.value: must be one of google_meet, microsoft_teams, webex, gotomeeting, zoom.', param: 'location.value' }],
    ['an unknown field', { new_host: second.id, reason: 'x' }, 400, { type: 'invalid_request_error', message: 'Received unknown parameter: reason', param: 'reason' }]
  ]
  if (invited) cases.push(['an invited user', { new_host: invited.id }, 409, { type: 'invalid_request_error', message: 'User is inactive.', param: 'new_host' }])
  t.ok(invited, 'the dataset has an invited user')
  for (const [name, body, status, error] of cases) {
    const res = await post(api, `/v2/bookings/${booking.id}/reassign`, body)
    t.equal(res.statusCode, status, name)
    t.strictSame(res.json(), error, name)
  }
  t.strictSame((await api.get(`/v2/bookings/${booking.id}`)).json(), booking, 'refusals change nothing')

  const res = await post(api, `/v2/bookings/${booking.id}/reassign`, { new_host: second.id, location: { type: 'virtual', value: 'google_meet' } })
  t.equal(res.statusCode, 200)
  const after = res.json()
  t.equal(after.owner, first.id, 'the owner stays, as OnceHub documents')
  t.strictSame(after.attendees, ['guest@example.com', second.email], "the new host's email replaces the old one's")
  t.match(after.virtual_conferencing.join_url, /^https:\/\/meet\.google\.com\/[a-z]{3}-[a-z]{4}-[a-z]{3}$/)
  t.equal(after.location_description, '')
  t.equal(after.status, 'scheduled')
  t.equal(after.last_updated_time, NOW)
  const hosted = (await api.get(`/v2/bookings?host=${second.id}&limit=100`)).json().data.map((b: { id: string }) => b.id)
  t.ok(hosted.includes(booking.id), 'the host filter follows the new host')
  const old = (await api.get(`/v2/bookings?host=${first.id}&limit=100`)).json().data.map((b: { id: string }) => b.id)
  t.notOk(old.includes(booking.id), 'and no longer finds it under the old one')

  for (const status of ['completed', 'canceled', 'no_show'] as const) {
    const done = await create(api, status)
    const refused = await post(api, `/v2/bookings/${done.id}/reassign`, { new_host: done.owner === first.id ? second.id : first.id })
    t.equal(refused.statusCode, 409, `reassign from ${status}`)
    t.strictSame(refused.json(), conflict('Booking cannot be reassigned in its current status.'))
  }
})

t.test('a change shows in filters and keeps the list order', async (t) => {
  const api = await frozenApi(t)
  const order = async () => (await api.get('/v2/bookings?limit=100')).json().data.map((b: { id: string }) => b.id)
  const before = await order()
  const scheduled = (await api.get('/v2/bookings?status=scheduled&limit=3')).json().data
  for (const booking of scheduled) t.equal((await post(api, `/v2/bookings/${booking.id}/cancel`)).statusCode, 200)
  t.strictSame(await order(), before, 'the order does not move')
  const since = (await api.get('/v2/bookings?last_updated_time.gt=2026-01-10T11:59:59Z&limit=100')).json().data.map((b: { id: string }) => b.id)
  t.strictSame([...since].sort(), scheduled.map((b: { id: string }) => b.id).sort(), 'last_updated_time.gt finds exactly the changed bookings')
  const canceled = (await api.get('/v2/bookings?status=canceled&limit=100')).json().data.map((b: { id: string }) => b.id)
  for (const booking of scheduled) t.ok(canceled.includes(booking.id))
  const stillScheduled = (await api.get('/v2/bookings?status=scheduled&limit=100')).json().data.map((b: { id: string }) => b.id)
  for (const booking of scheduled) t.notOk(stillScheduled.includes(booking.id))
})

t.test('actions take no expand, as OnceHub documents none: refused, changing nothing', async (t) => {
  const api = await frozenApi(t)
  const booking = await create(api, 'scheduled')
  const res = await post(api, `/v2/bookings/${booking.id}/cancel?expand=owner`, {})
  t.equal(res.statusCode, 400)
  t.strictSame(res.json(), { type: 'invalid_request_error', message: 'Received unknown parameter: expand', param: 'expand' })
  t.equal((await api.get(`/v2/bookings/${booking.id}`)).json().status, 'scheduled', 'the booking is not canceled')
})

t.test('bad input to actions is refused and changes nothing', async (t) => {
  const api = await frozenApi(t)
  const booking = await create(api, 'scheduled')
  const json = { 'content-type': 'application/json' }
  const cases: Array<[string, string, string | undefined, Record<string, string>, number, object]> = [
    ['an unknown body field', 'cancel', '{"reason":"x"}', json, 400, { type: 'invalid_request_error', message: 'Received unknown parameter: reason', param: 'reason' }],
    ['a wrong type', 'cancel', '{"send_cancellation_email":"yes"}', json, 400, { type: 'invalid_request_error', message: 'Invalid send_cancellation_email: must be boolean.', param: 'send_cancellation_email' }],
    ['a number as the reason', 'request-reschedule', '{"reschedule_reason":5}', json, 400, { type: 'invalid_request_error', message: 'Invalid reschedule_reason: must be string.', param: 'reschedule_reason' }],
    ['malformed JSON', 'cancel', '{"cancellation_reason":', json, 400, { type: 'invalid_request_error', message: 'Invalid JSON in the request body.' }],
    ['a JSON array', 'cancel', '[]', json, 400, { type: 'invalid_request_error', message: 'The request body must be a JSON object.' }],
    ['a body on no-show', 'no-show', '{"status":"no_show"}', json, 400, { type: 'invalid_request_error', message: 'Received unknown parameter: status', param: 'status' }],
    ['a form body', 'cancel', 'cancellation_reason=x', { 'content-type': 'application/x-www-form-urlencoded' }, 415, { type: 'invalid_request_error', message: "Unsupported Content-Type: 'application/x-www-form-urlencoded'. Send application/json." }],
    ['a reason too long', 'cancel', JSON.stringify({ cancellation_reason: 'x'.repeat(2001) }), json, 400, { type: 'invalid_request_error', message: 'Invalid cancellation_reason: must be at most 2000 characters.', param: 'cancellation_reason' }],
    ['an unknown query parameter', 'cancel?force=true', undefined, {}, 400, { type: 'invalid_request_error', message: 'Received unknown parameter: force', param: 'force' }]
  ]
  for (const [name, action, payload, headers, status, error] of cases) {
    const res = await api.request({ method: 'POST', url: `/v2/bookings/${booking.id}/${action}`, payload, headers })
    t.equal(res.statusCode, status, name)
    t.strictSame(res.json(), error, name)
  }
  for (const action of ['cancel', 'request-reschedule', 'no-show']) {
    const res = await post(api, `/v2/bookings/BKNG-NOSUCHBOOKIN/${action}`)
    t.equal(res.statusCode, 404)
    t.strictSame(res.json(), { type: 'invalid_request_error', message: "No such booking: 'BKNG-NOSUCHBOOKIN'", param: 'id' })
  }
  t.strictSame((await api.get(`/v2/bookings/${booking.id}`)).json(), booking, 'the booking is unchanged')
  const noKey = await api.request({ method: 'POST', url: `/v2/bookings/${booking.id}/cancel`, headers: { 'api-key': null } })
  t.equal(noKey.statusCode, 401)
  t.equal((await api.get(`/v2/bookings/${booking.id}`)).json().status, 'scheduled')
})
