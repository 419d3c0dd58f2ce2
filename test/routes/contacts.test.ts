// Writes of contacts: create, find by email, update, poll by last_updated_time.gt,
// delete; every refusal with OnceHub's message, and nothing half-written.

import t from 'tap'
import { checkRefusals, invalid, type Client, type Refusal } from '../helpers/app.ts'
import { create as createBooking, frozenApi, NOW, post, setClock } from '../helpers/bookings.ts'

const patch = async (api: Client, url: string, payload: unknown) => await api.request({ method: 'PATCH', url, payload: payload as object })
const del = async (api: Client, url: string) => await api.request({ method: 'DELETE', url })
const CARRIE = { first_name: 'Carrie', last_name: 'Customer', email: 'carrie.customer@gmail.com', mobile_phone: '+12025550195' }

t.test('a contact is created, found by email, updated, polled and deleted', async (t) => {
  const api = await frozenApi(t)
  const created = await post(api, '/v2/contacts', { ...CARRIE, status: 'Qualified', company: 'Acme Inc' })
  t.equal(created.statusCode, 201)
  const contact = created.json()
  t.match(contact, { object: 'contact', ...CARRIE, status: 'Qualified', company: 'Acme Inc', creation_time: NOW, last_updated_time: NOW, last_interacted_time: null, owner: '', custom_fields: [] })
  t.match(contact.id, /^CTC-[A-Z0-9]{10}$/)
  t.strictSame((await api.get(`/v2/contacts/${contact.id as string}`)).json(), contact, 'GET shows it as created')

  const found = (await api.get('/v2/contacts?email=CARRIE.customer@gmail.com')).json().data
  t.strictSame(found, [contact], 'found by email, ASCII case ignored')

  // A poller that saw the creation asks for what changed after it: each change once.
  const poll = async (after: string) => (await api.get(`/v2/contacts?limit=100&last_updated_time.gt=${after}`)).json().data as any[]
  t.strictSame((await poll(NOW)).map((c) => c.id), [], 'nothing changed after the creation yet')
  const first = (await patch(api, `/v2/contacts/${contact.id as string}`, { job_title: 'Buyer' })).json()
  const second = (await patch(api, `/v2/contacts/${contact.id as string}`, { city: 'New York' })).json()
  t.equal(first.job_title, 'Buyer')
  t.match(second, { job_title: 'Buyer', city: 'New York' }, 'changes add up')
  t.ok(first.last_updated_time > NOW && second.last_updated_time > first.last_updated_time, 'each change is later than the one before, on a frozen clock')
  t.strictSame((await poll(NOW)).map((c) => [c.id, c.last_updated_time]), [[contact.id, second.last_updated_time]], 'the poll sees the latest state')
  t.strictSame((await poll(first.last_updated_time)).map((c) => c.city), ['New York'], 'a poll from the first change sees the second')
  t.strictSame(await poll(second.last_updated_time), [], 'and nothing after the last')
  t.equal(second.creation_time, NOW, 'creation_time stays')

  const deleted = await del(api, `/v2/contacts/${contact.id as string}`)
  t.strictSame(deleted.json(), { id: contact.id, deleted: true })
  t.strictSame((await api.get(`/v2/contacts/${contact.id as string}`)).json(), { id: contact.id, object: 'contact', deleted: true }, 'GET shows it redacted')
  t.strictSame((await api.get('/v2/contacts?email=carrie.customer@gmail.com')).json().data, [], 'lists leave it out')
  t.strictSame(await poll(NOW), [], 'so do polls')
  for (const [res, what] of [[await del(api, `/v2/contacts/${contact.id as string}`), 'DELETE'], [await patch(api, `/v2/contacts/${contact.id as string}`, { city: 'Boston' }), 'PATCH']] as const) {
    t.equal(res.statusCode, 404, `${what} of a deleted contact`)
    t.strictSame(res.json(), invalid(`No such contact: '${contact.id as string}'`, 'id'))
  }
  const again = await post(api, '/v2/contacts', CARRIE)
  t.equal(again.statusCode, 201, "a deleted contact's email and phone are free again")
  t.not(again.json().id, contact.id)
})

t.test("a deleted contact's bookings stay, and name it redacted", async (t) => {
  const api = await frozenApi(t)
  const booking = await createBooking(api, 'scheduled')
  await del(api, `/v2/contacts/${booking.contact as string}`)
  const read = (await api.get(`/v2/bookings/${booking.id as string}?expand=contact`)).json()
  t.strictSame(read.contact, { id: booking.contact, object: 'contact', deleted: true }, 'expanded redacted')
  t.equal((await api.get(`/v2/bookings/${booking.id as string}`)).json().contact, booking.contact, 'the ID stays')
  t.ok((await api.get(`/v2/bookings?limit=100&contact=${booking.contact as string}`)).json().data.some((b: { id: string }) => b.id === booking.id), 'the contact filter finds them')
  t.equal((await post(api, `/v2/bookings/${booking.id as string}/cancel`, {})).statusCode, 200, 'and they can still change')
  const res = await post(api, '/_mock/bookings', { contact: booking.contact })
  t.equal(res.statusCode, 404, 'a deleted contact cannot be booked')
  t.strictSame(res.json(), invalid(`No such contact: '${booking.contact as string}'`, 'contact'))
})

t.test('findOrCreate finds a live contact by email and makes one for a deleted contact\'s email', async (t) => {
  const api = await frozenApi(t)
  const { contacts } = api.app.store
  const made = contacts.findOrCreate({ first_name: 'Vera', last_name: 'Visitor', email: 'vera@example.com' })
  t.equal(made.created, true)
  const found = contacts.findOrCreate({ first_name: 'Other', last_name: 'Name', email: 'VERA@example.com' })
  t.strictSame(found, { contact: made.contact, created: false })
  contacts.delete(made.contact.id)
  const remade = contacts.findOrCreate({ first_name: 'Vera', last_name: 'Visitor', email: 'vera@example.com' })
  t.equal(remade.created, true, "a deleted contact's email makes a new contact")
  t.not(remade.contact.id, made.contact.id)
  const single = contacts.findOrCreate({ first_name: 'Cher', last_name: '', email: 'cher@example.com' })
  t.equal(single.contact.last_name, '', "a visitor's one-word name leaves the last name empty")
})

t.test('times move on past a clock set back, and custom fields merge by name', async (t) => {
  const api = await frozenApi(t)
  const contact = (await post(api, '/v2/contacts', CARRIE)).json()
  await setClock(api, { now: '2025-06-01T00:00:00Z' })
  const updated = (await patch(api, `/v2/contacts/${contact.id as string}`, { custom_fields: [{ name: 'Title', value: 'CEO' }] })).json()
  t.ok(updated.last_updated_time > contact.last_updated_time, 'never earlier than a change already written')
  const merged = (await patch(api, `/v2/contacts/${contact.id as string}`, { custom_fields: [{ name: 'Company size', value: 12 }, { name: 'Title', value: 'CFO' }] })).json()
  t.strictSame(merged.custom_fields, [{ name: 'Title', value: 'CFO' }, { name: 'Company size', value: 12 }])
  const status = (await patch(api, `/v2/contacts/${contact.id as string}`, { status: 'Lead' })).json()
  t.equal(status.status, null, 'a status OnceHub does not know becomes null')
})

t.test('bad input is refused with OnceHub\'s message, and nothing is written', async (t) => {
  const api = await frozenApi(t)
  const existing = (await post(api, '/v2/contacts', CARRIE)).json()
  const someone = (await api.get('/v2/contacts?limit=1')).json().data[0].id as string
  const cases: Refusal[] = [
    ['unknown field', 'POST', '/v2/contacts', { ...CARRIE, email: 'x@example.com', id: 'CTC-X' }, 400, invalid('Unsupported fields', 'id')],
    ['wrong type', 'POST', '/v2/contacts', { ...CARRIE, employees: '5' }, 400, invalid('Invalid integer: 5', 'employees')],
    ['blank first name', 'POST', '/v2/contacts', { ...CARRIE, first_name: '  ' }, 400, invalid('first_name is required', 'first_name')],
    ['null last name', 'POST', '/v2/contacts', { ...CARRIE, last_name: null }, 400, invalid('last_name is required', 'last_name')],
    ['no email nor mobile', 'POST', '/v2/contacts', { first_name: 'A', last_name: 'B', mobile_phone: null }, 400, invalid("At least one of 'email' or 'mobile_phone' is required.", 'email')],
    ['malformed email', 'POST', '/v2/contacts', { ...CARRIE, email: 'carrie@@example.com' }, 400, invalid("Invalid email format: 'carrie@@example.com'", 'email')],
    ['mobile not E.164', 'POST', '/v2/contacts', { ...CARRIE, email: 'y@example.com', mobile_phone: '202-555-0195' }, 400, invalid("Invalid phone format: '202-555-0195'", 'mobile_phone')],
    ['phone not E.164', 'POST', '/v2/contacts', { ...CARRIE, email: 'y@example.com', mobile_phone: null, phone: '+1202555' }, 400, invalid("Invalid phone format: '+1202555'", 'phone')],
    ['unknown time zone', 'POST', '/v2/contacts', { ...CARRIE, email: 'y@example.com', mobile_phone: null, timezone: 'Mars/Olympus' }, 400, invalid("Invalid timezone: 'Mars/Olympus'", 'timezone')],
    ['unknown owner', 'POST', '/v2/contacts', { ...CARRIE, email: 'y@example.com', mobile_phone: null, owner: 'USR-NOTAUSER0' }, 404, invalid("No such user: 'USR-NOTAUSER0'", 'owner')],
    ['duplicate email', 'POST', '/v2/contacts', { ...CARRIE, mobile_phone: null }, 409, invalid(`Contact already exists: '${existing.email as string}'`, 'email')],
    ['duplicate mobile', 'POST', '/v2/contacts', { ...CARRIE, email: 'z@example.com' }, 409, invalid("Contact already exists: '+12025550195'", 'mobile_phone')],
    ['empty update', 'PATCH', `/v2/contacts/${someone}`, {}, 400, invalid('At least one field must be provided to update.', 'body')],
    ['no body', 'PATCH', `/v2/contacts/${someone}`, undefined, 400, invalid('At least one field must be provided to update.', 'body')],
    ['identifier', 'PATCH', `/v2/contacts/${someone}`, { email: 'new@example.com' }, 400, invalid('Identifier fields (email, mobile_phone) cannot be updated via this endpoint', 'email')],
    ['update unknown field', 'PATCH', `/v2/contacts/${someone}`, { nickname: 'C' }, 400, invalid('Unsupported field', 'nickname')],
    ['update blank name', 'PATCH', `/v2/contacts/${someone}`, { first_name: '' }, 400, invalid('first_name is required', 'first_name')],
    ['unknown custom field', 'PATCH', `/v2/contacts/${someone}`, { city: 'Paris', custom_fields: [{ name: 'shoe size', value: 9 }] }, 400, invalid("Custom field 'shoe size' does not exist in field library", 'custom_fields')],
    ['unknown contact', 'PATCH', '/v2/contacts/CTC-NOPE', { city: 'Paris' }, 404, invalid("No such contact: 'CTC-NOPE'", 'id')],
    ['delete unknown', 'DELETE', '/v2/contacts/CTC-NOPE', undefined, 404, invalid("No such contact: 'CTC-NOPE'", 'id')]
  ]
  await checkRefusals(t, api, cases)
})
