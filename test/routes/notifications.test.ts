// GET /v2/notifications/sms: the seeded notifications of seeded bookings, those the
// mock's own booking changes send, the filters, expand and pagination.

import t from 'tap'
import type { Client } from '../helpers/app.ts'
import { walk } from '../helpers/app.ts'
import { activeUsers, create, frozenApi, NOW, post, setClock } from '../helpers/bookings.ts'

const list = async (api: Client, query: string) => (await api.get(`/v2/notifications/sms?limit=100&${query}`)).json()

t.test('seeded notifications belong to seeded bookings, and only those sent by the clock are listed', async (t) => {
  const api = await frozenApi(t)
  const { ids } = await walk(api, '/v2/notifications/sms?limit=7')
  const all = (await Promise.all(['recipient_type=contact', 'recipient_type=user'].map(async (q) => (await walk(api, `/v2/notifications/sms?limit=100&${q}`)).ids))).flat()
  t.ok(ids.length > 50, 'there are some')
  t.strictSame([...ids].sort(), [...all].sort(), 'the pages hold every notification once, and recipient_type splits them')
  const page = await list(api, '')
  t.notOk('has_more' in page, "OnceHub's list has no has_more")
  t.ok(page.data.every((sms: { creation_time: string }) => sms.creation_time <= NOW), 'none after the clock')
  const stored = api.app.store.dataset.snapshot().sms_notifications as Array<{ creation_time: string, booking: string }>
  t.ok(stored.some((sms) => sms.creation_time > NOW), 'reminders still ahead are kept, and not listed')
  const bookings = new Set((await walk(api, '/v2/bookings?limit=100')).ids)
  t.ok(stored.every((sms) => bookings.has(sms.booking)), 'every one is about a seeded booking')

  const contact = page.data.find((sms: { recipient_type: string }) => sms.recipient_type === 'contact')
  const mine = await list(api, `recipient=${contact.recipient as string}&expand=recipient`)
  t.ok(mine.data.length > 0 && mine.data.every((sms: { recipient: { id: string } }) => sms.recipient.id === contact.recipient), 'the recipient filter, expanded')
  t.equal(mine.data[0].recipient.object, 'contact')
  await api.request({ method: 'DELETE', url: `/v2/contacts/${contact.recipient as string}` })
  const deleted = await list(api, `recipient=${contact.recipient as string}&expand=recipient`)
  t.ok(deleted.data.length > 0 && deleted.data.every((sms: { recipient: unknown }) => sms.recipient === contact.recipient),
    "a deleted recipient stays an ID: OnceHub's oneOf cannot tell a redacted contact from a redacted user")
  const earlier = await list(api, `creation_time.lt=${contact.creation_time as string}`)
  t.ok(earlier.data.every((sms: { creation_time: string }) => sms.creation_time < contact.creation_time), 'creation_time.lt is strict')
})

t.test("the mock's booking changes send the notifications they imply", async (t) => {
  const api = await frozenApi(t)
  const [, other] = activeUsers(api)
  const contact = (await post(api, '/v2/contacts', { first_name: 'Sam', last_name: 'Sms', mobile_phone: '+12025550111' })).json()
  const booking = await create(api, 'scheduled', { contact: contact.id, form_submission: { name: 'Sam Sms', email: '', phone: null, mobile_phone: '+12025550111', note: '', company: null, guests: [], custom_fields: [] } })
  const about = async () => (await list(api, `recipient=${contact.id as string}`)).data.map((sms: { type: string }) => sms.type)
  t.strictSame(await about(), ['booking_confirmation'], 'a confirmation at once')
  const host = async () => (await list(api, `recipient_type=user&creation_time.gt=${NOW}`)).data.filter((sms: { details: { message_body: string } }) => sms.details.message_body.includes('Sam Sms'))
  await post(api, `/v2/bookings/${booking.id as string}/reassign`, { new_host: other.id })
  await setClock(api, { now: '2026-01-11T15:00:00Z' })
  t.strictSame(await about(), ['booking_reminder', 'booking_confirmation'], "the contact's reminder, 24 hours before")
  await setClock(api, { now: '2026-01-12T14:30:00Z' })
  t.strictSame((await host()).map((sms: { recipient: string }) => sms.recipient), [other.id], "the host's reminder, an hour before, to the host it was reassigned to")

  const second = await create(api, 'scheduled', { contact: contact.id, starting_time: '2026-01-20T10:00:00Z', form_submission: booking.form_submission })
  await post(api, `/v2/bookings/${second.id as string}/cancel`, {})
  await setClock(api, { now: '2026-01-20T09:30:00Z' })
  const types = (await list(api, `recipient=${contact.id as string}&creation_time.gt=2026-01-12`)).data.map((sms: { type: string }) => sms.type)
  t.strictSame(types.sort(), ['booking_cancellation', 'booking_confirmation'], 'a cancellation, and the reminders it dropped never come')
})
