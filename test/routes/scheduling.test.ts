// Scheduling through the API: a user's availability, a booking calendar's slots,
// booking one, and one-time links, statefully: what is booked shows in lists,
// filters and webhooks, and the slots follow every change to the bookings.

import t from 'tap'
import { buildApp } from '../../src/app.ts'
import { post, setClock } from '../helpers/bookings.ts'
import { databaseFile, invalid, referenceTime, testConfig, type Client } from '../helpers/app.ts'
import { verifySignature } from '../helpers/webhook-receiver.ts'
import { setup } from '../helpers/webhooks.ts'

// A Saturday; the Monday after it is the day the tests book.
const NOW = '2026-01-10T12:00:00Z'
const GUEST = { name: 'Ann Guest', email: 'ann.guest@example.org' }
const json = { 'content-type': 'application/json' }

const patch = async (api: Client, url: string, payload: unknown) => await api.request({ method: 'PATCH', url, payload: payload as object, headers: json })

/**
 * A published calendar whose only working host is `host`, free on Monday
 * 2026-01-12 from 09:00 to 12:00 in their zone with a Zoom link; every other host has
 * no hours. Returns the calendar, the host and the Monday's slots.
 */
async function oneHostCalendar (api: Client) {
  const calendars = (await api.get('/v2/booking-calendars?limit=100')).json().data as Array<{ id: string, published: boolean, duration_minutes: number }>
  const calendar = calendars.find((c) => c.published)!
  const hosts = api.app.store.scheduling.calendarHosts(calendar.id)
  const closed = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((day) => ({ day, working_hours: [] }))
  for (const host of hosts) {
    const weekly = host === hosts[0]
      ? closed.map((day) => day.day === 'Monday' ? { day: 'Monday', working_hours: [{ start_time: '09:00', end_time: '12:00', locations: [{ type: 'online_dynamic_link', value: 'zoom' }] }] } : day)
      : closed
    const res = await patch(api, `/v2/users/${host}/scheduling-availability`, { weekly, overrides: [{ date: '2026-01-12', working_hours: null }] })
    if (res.statusCode !== 200) throw new Error(res.body)
  }
  const host = (await api.get(`/v2/users/${hosts[0]!}`)).json() as { id: string, email: string, timezone: string }
  return { calendar, host, slotsUrl: `/v2/booking-calendars/${calendar.id}/time-slots?start_time=2026-01-11T00:00:00Z&end_time=2026-01-14T00:00:00Z` }
}

const localTime = (zone: string, iso: string) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(Date.parse(iso))

t.test('availability, slots, booking a slot, and the slot following the booking: issue 19 end to end', async (t) => {
  const { api, receiver, webhook } = await setup(t, ['booking.scheduled', 'booking.canceled'])
  await setClock(api, { now: NOW, frozen: true })
  const { calendar, host, slotsUrl } = await oneHostCalendar(api)

  const availability = (await api.get(`/v2/users/${host.id}/scheduling-availability`)).json()
  t.match(availability, { object: 'schedule', timezone: host.timezone })
  t.strictSame(availability.weekly.find((d: { day: string }) => d.day === 'Monday').working_hours,
    [{ start_time: '09:00', end_time: '12:00', locations: [{ type: 'online_dynamic_link', value: 'zoom', id: null }] }], 'the hours as set')

  const slots = (await api.get(slotsUrl)).json() as Array<{ start_time: string, locations: unknown[] }>
  t.ok(slots.length > 0, `free slots (${slots.length})`)
  for (const slot of slots) {
    const [day, time] = localTime(host.timezone, slot.start_time).split(' ') as [string, string]
    t.equal(day, 'Monday', `${slot.start_time} is on the host's Monday`)
    const [hh, mm] = time.split(':').map(Number) as [number, number]
    const minutes = hh * 60 + mm
    t.ok(minutes >= 9 * 60 && minutes + calendar.duration_minutes <= 12 * 60, `${slot.start_time} (${time} there) fits 09:00-12:00`)
    t.match(slot.start_time, /:(00|15|30|45):00\.000Z$/, 'on a quarter hour, written as OnceHub writes it')
    t.strictSame(slot.locations, [{ type: 'virtual', value: 'zoom', id: null }])
  }

  const chosen = slots[0]!.start_time
  const booked = await post(api, `/v2/booking-calendars/${calendar.id}/schedule`, { start_time: chosen, guest_time_zone: 'Europe/Paris', booking_form: { ...GUEST, company_size: '11-50' }, location: { type: 'virtual', value: 'zoom' } })
  t.equal(booked.statusCode, 200)
  const { id } = booked.json()
  t.match(id, /^BKNG-[A-Z0-9]{12}$/)

  const found = (await api.get(`/v2/bookings?booking_calendar=${calendar.id}&host=${host.id}&expand=owner,contact&limit=100`)).json().data
  const booking = found.find((b: { id: string }) => b.id === id)
  t.ok(booking, 'the booking is found by its calendar and host')
  t.match(booking, {
    status: 'scheduled',
    starting_time: chosen.replace('.000Z', 'Z'),
    duration_minutes: calendar.duration_minutes,
    booking_calendar: calendar.id,
    booking_page: '',
    customer_timezone: 'Europe/Paris',
    owner: { id: host.id },
    contact: { email: GUEST.email, first_name: 'Ann', last_name: 'Guest', timezone: 'Europe/Paris' },
    attendees: [GUEST.email, host.email],
    form_submission: { name: GUEST.name, email: GUEST.email, custom_fields: [{ name: 'company_size', value: '11-50' }] },
    cancel_url: `https://oncehub.com/m/${id}/cancel`,
    reschedule_url: `https://oncehub.com/m/${id}`
  })
  t.match(booking.virtual_conferencing.join_url, /^https:\/\/zoom\.us\/j\/\d{10}$/)
  t.match(booking.ics_url, /^https:\/\/oncehub\.com\/api\/bookings\/ics\//)

  const after = (await api.get(slotsUrl)).json() as Array<{ start_time: string }>
  t.notOk(after.some((slot) => slot.start_time === chosen), 'the slot is gone')
  const taken = (start: string) => Date.parse(start) < Date.parse(chosen) + calendar.duration_minutes * 60_000 && Date.parse(start) + calendar.duration_minutes * 60_000 > Date.parse(chosen)
  t.strictSame(after.map((s) => s.start_time), slots.map((s) => s.start_time).filter((start) => !taken(start)), 'with every slot overlapping it, and only those')

  const retry = await post(api, `/v2/booking-calendars/${calendar.id}/schedule`, { start_time: chosen, guest_time_zone: 'Europe/Paris', booking_form: GUEST })
  t.equal(retry.statusCode, 400)
  t.strictSame(retry.json(), { type: 'invalid_request_error', message: 'The selected start time is not available.', param: 'start_time' })

  t.equal((await post(api, `/v2/bookings/${id}/cancel`, {})).statusCode, 200)
  t.strictSame((await api.get(slotsUrl)).json(), slots, 'canceling gives the slots back')

  const [scheduled, canceled] = await receiver.waitFor(2)
  t.equal(scheduled!.json.type, 'booking.scheduled')
  t.equal(scheduled!.json.data.id, id)
  t.equal(canceled!.json.type, 'booking.canceled')
  for (const delivery of [scheduled!, canceled!]) t.ok(verifySignature(String(delivery.headers['oncehub-signature']), delivery.body, webhook.secret), `${delivery.json.type} is signed`)
})

t.test("a team calendar's meetings are taken by the members assigned to it, not by every member", async (t) => {
  const { api } = await setup(t, ['booking.scheduled'])
  await setClock(api, { now: NOW, frozen: true })
  const { calendar, host, slotsUrl } = await oneHostCalendar(api)
  const team = (await api.get(`/v2/booking-calendars/${calendar.id}`)).json().host as string
  const members = (await api.get('/v2/users?limit=100')).json().data.filter((u: { teams: string[], status: string }) => u.teams.includes(team) && u.status === 'active') as Array<{ id: string }>
  const assigned = api.app.store.scheduling.calendarHosts(calendar.id)
  const unassigned = members.find((m) => !assigned.includes(m.id))
  t.ok(unassigned, 'the team has a member the calendar does not assign')
  const before = (await api.get(slotsUrl)).json()
  // The unassigned member works on Monday too: the slots do not change.
  const monday = { day: 'Monday', working_hours: [{ start_time: '00:00', end_time: '24:00', locations: [{ type: 'phone_by_guest' }] }] }
  t.equal((await patch(api, `/v2/users/${unassigned!.id}/scheduling-availability`, { weekly: [monday] })).statusCode, 200)
  t.strictSame((await api.get(slotsUrl)).json(), before, 'their hours add no slot')
  t.equal((await patch(api, `/v2/users/${host.id}/scheduling-availability`, { weekly: [monday] })).statusCode, 200)
  t.ok((await api.get(slotsUrl)).json().length > before.length, "an assigned host's do")
})

t.test('reassigning a booking frees its old host\'s slot', async (t) => {
  const { api } = await setup(t, ['booking.reassigned'])
  await setClock(api, { now: NOW, frozen: true })
  const { calendar, host, slotsUrl } = await oneHostCalendar(api)
  const slots = (await api.get(slotsUrl)).json() as Array<{ start_time: string }>
  const { id } = (await post(api, `/v2/booking-calendars/${calendar.id}/schedule`, { start_time: slots[0]!.start_time, guest_time_zone: 'UTC', booking_form: GUEST })).json()
  t.notOk((await api.get(slotsUrl)).json().some((s: { start_time: string }) => s.start_time === slots[0]!.start_time))
  const other = (await api.get('/v2/users?limit=100')).json().data.find((u: { id: string, status: string }) => u.status === 'active' && u.id !== host.id)
  t.equal((await post(api, `/v2/bookings/${id}/reassign`, { new_host: other.id })).statusCode, 200)
  t.strictSame((await api.get(slotsUrl)).json(), slots, 'the old host is free again')
})

t.test("the guest's contact: the live one with their email, else a new one that polling by last_updated_time sees", async (t) => {
  const { api } = await setup(t, ['booking.scheduled'])
  await setClock(api, { now: NOW, frozen: true })
  const { calendar, slotsUrl } = await oneHostCalendar(api)
  const contacts = (await api.get('/v2/contacts?limit=100')).json().data as Array<{ id: string, email: string, last_updated_time: string }>
  const known = contacts.find((c) => c.email !== '')!
  const latest = contacts.map((c) => c.last_updated_time).sort().at(-1)!
  // The Monday's first and last slots: three hours apart, they do not overlap.
  const slots = (await api.get(slotsUrl)).json() as Array<{ start_time: string }>
  const [first, second] = [slots[0], slots.at(-1)]
  const book = async (start: string, form: object) => {
    const { id } = (await post(api, `/v2/booking-calendars/${calendar.id}/schedule`, { start_time: start, guest_time_zone: 'Asia/Tokyo', booking_form: form })).json()
    return (await api.get(`/v2/bookings/${id as string}`)).json()
  }
  t.equal((await book(first!.start_time, { name: 'Someone Else', email: known.email.toUpperCase() })).contact, known.id, 'an email of a live contact, in any case, books as that contact')

  const made = await book(second!.start_time, { name: 'Cher', email: 'cher@example.org', phone: '12345' })
  const contact = (await api.get(`/v2/contacts/${made.contact as string}`)).json()
  t.match(contact, { first_name: 'Cher', last_name: '', email: 'cher@example.org', phone: null, timezone: 'Asia/Tokyo', owner: made.owner },
    'a new contact: a one-word name leaves the last name empty; a phone that is not E.164 stays on the form')
  const polled = (await api.get(`/v2/contacts?last_updated_time.gt=${latest}&limit=100`)).json().data as Array<{ id: string }>
  t.strictSame(polled.map((c) => c.id), [contact.id], 'a client polling for changes since the last one it saw gets the new contact')
})

t.test('fifty parallel requests for one slot make exactly one booking', async (t) => {
  const { api } = await setup(t, ['booking.scheduled'])
  await setClock(api, { now: NOW, frozen: true })
  const { calendar, slotsUrl } = await oneHostCalendar(api)
  const start = (await api.get(slotsUrl)).json()[0].start_time
  const before = api.app.store.dataset.info().bookings
  const answers = await Promise.all(Array.from({ length: 50 }, (_, i) =>
    post(api, `/v2/booking-calendars/${calendar.id}/schedule`, { start_time: start, guest_time_zone: 'UTC', booking_form: { name: `Guest ${i}`, email: `guest${i}@example.org` } })))
  t.equal(answers.filter((res) => res.statusCode === 200).length, 1, 'one succeeds')
  t.ok(answers.filter((res) => res.statusCode !== 200).every((res) => res.json().message === 'The selected start time is not available.'), 'the others find it taken')
  t.equal(api.app.store.dataset.info().bookings, before + 1, 'and one booking exists')
})

t.test('one-time links: made, used once, refused the second time', async (t) => {
  const { api } = await setup(t, ['booking.scheduled'])
  await setClock(api, { now: NOW, frozen: true })
  const { calendar, host, slotsUrl } = await oneHostCalendar(api)
  const made = await post(api, `/v2/booking-calendars/${calendar.id}/one-time-links`, { booking_form: GUEST, utm_params: { source: 'newsletter', campaign: 'winter' } })
  t.equal(made.statusCode, 200)
  const link = made.json()
  t.match(link, { id: /^[A-Z0-9]{12}$/, creation_time: '2026-01-10T12:00:00Z' })
  t.equal(link.url, `https://oncehub.com/.${link.id}?name=Ann+Guest&email=ann.guest%40example.org&utm_source=newsletter&utm_campaign=winter`)
  const short = (await post(api, `/v2/booking-calendars/${calendar.id}/one-time-links`, { hide_url_params: true })).json()
  t.equal(short.url, `https://oncehub.com/.${short.id}`, 'hide_url_params gives the short link')

  const start = (await api.get(slotsUrl)).json()[0].start_time
  const used = await post(api, `/_mock/one-time-links/${link.id}/book`, { start_time: start, guest_time_zone: 'UTC' })
  t.equal(used.statusCode, 201)
  t.match(used.json(), { owner: host.id, booking_calendar: calendar.id, form_submission: { email: GUEST.email }, utm_params: { source: 'newsletter', medium: null, campaign: 'winter', term: null, content: null } })
  const again = await post(api, `/_mock/one-time-links/${link.id}/book`, { start_time: start, guest_time_zone: 'UTC' })
  t.equal(again.statusCode, 409)
  t.strictSame(again.json(), { type: 'invalid_request_error', message: `This one-time link has already been used: '${link.id}'`, param: 'id' })

  const masterPages = (await api.get('/v2/master-pages?limit=100')).json().data as Array<{ id: string }>
  const withPages = masterPages.find((m) => (api.app.store.account.list('booking_pages', { match: { master_page: m.id } }, { limit: 1 }).data.length > 0))!
  const pageLink = (await post(api, `/v2/master-pages/${withPages.id}/one-time-links`)).json()
  t.match(pageLink, { id: /^[A-Z0-9]{8}$/, url: /^https:\/\/go\.oncehub\.com\/\.[A-Z0-9]{8}$/ })
  const viaPage = await post(api, `/_mock/one-time-links/${pageLink.id}/book`, { start_time: '2026-01-20T10:00:00Z', guest_time_zone: 'UTC', booking_form: GUEST })
  t.equal(viaPage.statusCode, 201)
  t.match(viaPage.json(), { master_page: withPages.id, status: 'scheduled', form_submission: { email: GUEST.email } })
  t.equal((await post(api, `/_mock/one-time-links/${pageLink.id}/book`, { start_time: '2026-01-21T10:00:00Z', guest_time_zone: 'UTC', booking_form: GUEST })).statusCode, 409)
  t.equal((await post(api, '/_mock/one-time-links/NOPE/book', { start_time: start, guest_time_zone: 'UTC' })).statusCode, 404)
})

t.test('bad input gets OnceHub\'s error shape and creates nothing', async (t) => {
  const { api } = await setup(t, ['booking.scheduled'])
  await setClock(api, { now: NOW, frozen: true })
  const { calendar, host, slotsUrl } = await oneHostCalendar(api)
  const start = (await api.get(slotsUrl)).json()[0].start_time
  const schedule = `/v2/booking-calendars/${calendar.id}/schedule`
  const ok = { start_time: start, guest_time_zone: 'UTC', booking_form: GUEST }
  const before = api.app.store.dataset.snapshot()
  const cases: Array<[string, string, string, unknown, number, object]> = [
    ['an unknown calendar', 'GET', '/v2/booking-calendars/BKC-NOPE000000/time-slots', undefined, 404, invalid("No such booking calendar: 'BKC-NOPE000000'", 'id')],
    ['reversed times', 'GET', `${slotsUrl.split('?')[0]}?start_time=2026-01-12T10:00:00Z&end_time=2026-01-12T10:00:00Z`, undefined, 400, invalid('End time must be after the start time.', 'end_time')],
    ['over 30 days', 'GET', `${slotsUrl.split('?')[0]}?start_time=2026-01-12T00:00:00Z&end_time=2026-02-12T00:00:00Z`, undefined, 400, invalid('The difference between start_time and end_time must be less than or equal to 30 days.', 'end_time')],
    ['a malformed time', 'GET', `${slotsUrl.split('?')[0]}?start_time=tomorrow`, undefined, 400, invalid("Invalid start_time: 'tomorrow' is not an RFC 3339 date-time such as 2026-01-31T09:00:00Z, in years 0000 to 9999.", 'start_time')],
    ['an unknown parameter', 'GET', `${slotsUrl}&duration=30`, undefined, 400, invalid('Received unknown parameter: duration', 'duration')],
    ['a made-up time zone', 'POST', schedule, { ...ok, guest_time_zone: 'Mars/Olympus' }, 400, invalid("Invalid guest_time_zone: 'Mars/Olympus' is not an IANA time zone such as America/New_York.", 'guest_time_zone')],
    ['no email', 'POST', schedule, { ...ok, booking_form: { name: 'Ann' } }, 400, invalid('Required fields are missing.', 'booking_form')],
    ['no booking form', 'POST', schedule, { start_time: start, guest_time_zone: 'UTC' }, 400, invalid('Required fields are missing.', 'booking_form')],
    ['an unknown field', 'POST', schedule, { ...ok, notes: 'hi' }, 400, invalid('Received unknown parameter: notes', 'notes')],
    ['a location the slot lacks', 'POST', schedule, { ...ok, location: { type: 'physical', value: 'ADD-NOPE' } }, 400, invalid('The selected location is not available at this start time.', 'location')],
    ['a time in the past', 'POST', schedule, { ...ok, start_time: '2026-01-05T09:00:00Z' }, 400, invalid('The selected start time is not available.', 'start_time')],
    ['an unknown user', 'GET', '/v2/users/USR-NOPE000000/scheduling-availability', undefined, 404, invalid("No such user: 'USR-NOPE000000'", 'id')],
    ['overlapping ranges', 'PATCH', `/v2/users/${host.id}/scheduling-availability`, { weekly: [{ day: 'Friday', working_hours: [{ start_time: '09:00', end_time: '11:00', locations: [] }, { start_time: '10:30', end_time: '12:00', locations: [] }] }] }, 400, invalid("availability range is overlapping: '09:00-11:00'", 'weekly.working_hours')]
  ]
  for (const [name, method, url, payload, status, body] of cases) {
    const res = await api.request({ method: method as 'GET', url, ...(payload === undefined ? {} : { payload: payload as object, headers: json }) })
    t.equal(res.statusCode, status, name)
    t.strictSame(res.json(), body, name)
  }
  t.strictSame(api.app.store.dataset.snapshot(), before, 'nothing was created or changed')
})

t.test('scheduling state persists on a file database and a reset drops it', async (t) => {
  const file = databaseFile(t)
  const open = async () => await buildApp(testConfig({ ONCEHUB_MOCK_DB: file }), { realNow: referenceTime() })
  const first = await open()
  const user = first.store.account.list('users', {}, { limit: 1 }).data[0]!.id
  const set = { weekly: [{ day: 'Sunday', working_hours: [{ start_time: '10:00', end_time: '11:00', locations: [{ type: 'phone_by_guest' }] }] }] }
  const res = await first.inject({ method: 'PATCH', url: `/v2/users/${user}/scheduling-availability`, payload: set, headers: { 'api-key': 'k' } })
  t.equal(res.statusCode, 200)
  const sunday = JSON.parse(res.body).weekly.find((d: { day: string }) => d.day === 'Sunday')
  t.strictSame(sunday.working_hours[0].locations, [{ type: 'phone_by_guest', value: '', id: null }])
  await first.close()
  const second = await open()
  t.teardown(() => second.close())
  const read = async () => JSON.parse((await second.inject({ url: `/v2/users/${user}/scheduling-availability`, headers: { 'api-key': 'k' } })).body).weekly.find((d: { day: string }) => d.day === 'Sunday')
  t.strictSame(await read(), sunday, 'a restart keeps it')
  t.equal((await second.inject({ method: 'POST', url: '/_mock/reset' })).statusCode, 200)
  t.notSame(await read(), sunday, 'a reset drops it')
})
