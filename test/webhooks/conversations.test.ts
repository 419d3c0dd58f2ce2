// A website visitor talking to a chatbot, played to each of its three ends; every
// step's event reaches a subscriber, signed, in OnceHub's payload (checked against
// both contracts by the receiver).

import t from 'tap'
import { post } from '../helpers/bookings.ts'
import { oncehub } from '../helpers/oncehub.ts'
import { verifySignature } from '../helpers/webhook-receiver.ts'
import { setup, subscribe } from '../helpers/webhooks.ts'

t.test('a conversation ends closed, abandoned, or with a booking, and each step is sent signed', async (t) => {
  const { api, receiver, webhook } = await setup(t, ['conversation'])
  const bookings = await subscribe(t, api, 'Bookings', ['booking.scheduled'])
  await post(api, '/_mock/clock', { now: '2026-01-02T09:00:00Z', frozen: true })
  const contacts = (await api.get('/v2/contacts?limit=100')).json().data.length

  const start = async (body: object) => {
    const res = await post(api, '/_mock/conversations', body)
    t.equal(res.statusCode, 201)
    return res.json()
  }
  const closed = await start({ email: 'vera.visitor@example.com', first_name: 'Vera', last_name: 'Visitor' })
  t.match(closed, { object: 'conversation', status: 'started', initiated_by: 'contact', creation_time: '2026-01-02T09:00:00Z', bookings: [] })
  const contact = (await api.get(`/v2/contacts/${closed.contact as string}`)).json()
  t.match(contact, { email: 'vera.visitor@example.com', first_name: 'Vera' }, 'the visitor became a contact')
  t.equal((await post(api, `/_mock/conversations/${closed.id as string}/close`)).json().status, 'closed')

  const abandoned = await start({ email: 'VERA.visitor@example.com', initiated_by: 'bot' })
  t.equal(abandoned.contact, contact.id, 'a live contact with the email is reused')
  t.equal((await post(api, `/_mock/conversations/${abandoned.id as string}/abandon`)).json().status, 'abandoned')

  const booked = await start({ contact: contact.id })
  const refused = await post(api, `/_mock/conversations/${booked.id as string}/book`, { status: 'completed', starting_time: '2026-01-05T10:00:00Z' })
  t.equal(refused.statusCode, 400, 'a booking that cannot be made')
  t.equal((await api.get(`/v2/contacts/${contact.id as string}`)).statusCode, 200)
  t.equal(api.app.store.account.get('conversations', booked.id)?.status, 'started', 'leaves the conversation started')
  const ended = await post(api, `/_mock/conversations/${booked.id as string}/book`, { status: 'scheduled', starting_time: '2026-01-05T10:00:00Z', duration_minutes: 30 })
  t.equal(ended.statusCode, 201)
  const { conversation, booking } = ended.json()
  t.match(conversation, { id: booked.id, status: 'closed', bookings: [booking.id] })
  t.match(booking, { contact: contact.id, conversation: booked.id, status: 'scheduled' })
  const expanded = (await api.get(`/v2/bookings/${booking.id as string}?expand=conversation`)).json().conversation
  t.strictSame(expanded, conversation, 'the booking carries the conversation, expandable')
  t.equal((await api.get('/v2/contacts?limit=100')).json().data.length, contacts + 1, 'one contact was made in all')

  const received = await receiver.waitFor(6)
  t.strictSame(received.map((r) => [r.json.type, r.json.data.id, r.json.data.status]), [
    ['conversation.started', closed.id, 'started'], ['conversation.closed', closed.id, 'closed'],
    ['conversation.started', abandoned.id, 'started'], ['conversation.abandoned', abandoned.id, 'abandoned'],
    ['conversation.started', booked.id, 'started'], ['conversation.closed', booked.id, 'closed']
  ], 'every step, in order')
  t.strictSame([...new Set(received.map((r) => r.json.type as string))].sort(), Object.keys(oncehub.webhooks).filter((type) => !type.startsWith('booking.')).sort(),
    "every other event type of OnceHub's contract is sent (booking events: webhooks.test.ts)")
  for (const { headers, body } of received) t.ok(verifySignature(String(headers['oncehub-signature']), body, webhook.secret), 'signed')
  t.strictSame(received[0]!.json.data.contact, contact, 'the contact is expanded')
  t.equal(received[0]!.json.data.owner.object, 'user', 'and so is the owner')
  const [scheduled] = await bookings.receiver.waitFor(1)
  t.match(scheduled!.json, { type: 'booking.scheduled', data: { id: booking.id, conversation: { id: booked.id } } }, 'the booking is sent with its conversation')

  for (const [action, id, status] of [['close', closed.id, 'closed'], ['abandon', abandoned.id, 'abandoned'], ['book', booked.id, 'booked']] as const) {
    const res = await post(api, `/_mock/conversations/${id as string}/${action}`)
    t.equal(res.statusCode, 409, `${action} once more`)
    t.strictSame(res.json(), { type: 'invalid_request_error', message: `Only a started conversation can be ${status === 'booked' ? 'booked' : status}: '${id as string}'`, param: 'id' })
  }
})

t.test('starting a conversation refuses what it cannot use, and writes nothing', async (t) => {
  const { api } = await setup(t, ['conversation'])
  const invited = (await api.get('/v2/users?limit=100')).json().data.find((u: { status: string }) => u.status === 'invited')
  const cases: Array<[object, number, object]> = [
    [{ contact: 'CTC-NOPE' }, 404, { type: 'invalid_request_error', message: "No such contact: 'CTC-NOPE'", param: 'contact' }],
    [{ contact: 'CTC-NOPE', email: 'a@example.com' }, 400, { type: 'invalid_request_error', message: "Invalid contact: give either contact or the visitor's email, first_name, last_name, mobile_phone.", param: 'contact' }],
    [{ owner: 'USR-NOPE' }, 404, { type: 'invalid_request_error', message: "No such user: 'USR-NOPE'", param: 'owner' }],
    [{ email: 'not-an-email' }, 400, { type: 'invalid_request_error', message: "Invalid email format: 'not-an-email'", param: 'email' }],
    [{ mood: 'happy' }, 400, { type: 'invalid_request_error', message: 'Received unknown parameter: mood', param: 'mood' }]
  ]
  if (invited !== undefined) cases.push([{ owner: invited.id }, 409, { type: 'invalid_request_error', message: 'User is inactive.', param: 'owner' }])
  const before = api.app.store.dataset.snapshot()
  for (const [body, status, expected] of cases) {
    const res = await post(api, '/_mock/conversations', body)
    t.equal(res.statusCode, status, JSON.stringify(body))
    t.strictSame(res.json(), expected)
  }
  t.strictSame(api.app.store.dataset.snapshot(), before, 'nothing was written')
  const res = await post(api, '/_mock/conversations/CVR-NOPE/close')
  t.equal(res.statusCode, 404)
  t.strictSame(res.json(), { type: 'invalid_request_error', message: "No such conversation: 'CVR-NOPE'", param: 'id' })
})
