// GET /v2/bookings and GET /v2/bookings/{id}: every filter, pagination in both
// directions, the Link header and expansion, each compared with the dataset itself.

import t from 'tap'
import { datasetFor } from '../../src/dataset/index.ts'
import type { BookingRecord, Dataset } from '../../src/store/types.ts'
import { client, linkOf, testConfig, walk, type Client } from '../helpers/app.ts'

const ENV = { ONCEHUB_MOCK_SEED: '11', ONCEHUB_MOCK_BOOKINGS: '300' }
const dataset: Dataset = await datasetFor(testConfig(ENV))

// The documented order: newest creation_time first, ties broken by id descending.
function newestFirst (bookings: readonly BookingRecord[]): string[] {
  return [...bookings]
    .sort((a, b) => a.creation_time === b.creation_time ? (a.id < b.id ? 1 : -1) : (a.creation_time < b.creation_time ? 1 : -1))
    .map((b) => b.id)
}

function mostCommon (values: Array<string | null>): string {
  const counts = new Map<string, number>()
  for (const value of values) if (value) counts.set(value, (counts.get(value) ?? 0) + 1)
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0]
}

async function allIds (api: Client, query: string): Promise<string[]> {
  return (await walk(api, `/v2/bookings?limit=100${query ? '&' + query : ''}`)).ids
}

t.test('lists every booking newest first, with the envelope', async (t) => {
  const api = await client(t, ENV)
  const first = await api.get('/v2/bookings')
  t.equal(first.statusCode, 200)
  const body = first.json()
  t.equal(body.object, 'list')
  t.equal(body.data.length, 10, 'limit defaults to 10')
  t.equal(body.has_more, true)
  t.strictSame(await allIds(api, ''), newestFirst(dataset.bookings))
})

t.test('a booking is served exactly as stored', async (t) => {
  const api = await client(t, ENV)
  const { hosts, ...expected } = dataset.bookings[5]!
  t.ok(hosts.length > 0)
  const res = await api.get(`/v2/bookings/${expected.id}`)
  t.equal(res.statusCode, 200)
  t.strictSame(res.json(), expected)
})

t.test('each filter returns exactly the matching bookings', async (t) => {
  const api = await client(t, ENV)
  const b = dataset.bookings
  const pivot = b[40]!
  const day = pivot.starting_time.slice(0, 10)
  const dayStart = `${day}T00:00:00Z`
  const calendarBooking = b.find((x) => x.hosts.length > 1)!
  const coHost = calendarBooking.hosts[1]!
  const cases: Array<[string, string, (x: BookingRecord) => boolean]> = [
    ['status', 'status=canceled', (x) => x.status === 'canceled'],
    ['status list', 'status=scheduled,rescheduled,no_show', (x) => ['scheduled', 'rescheduled', 'no_show'].includes(x.status)],
    ['status list with a repeat', 'status=completed,completed', (x) => x.status === 'completed'],
    ['owner', `owner=${mostCommon(b.map((x) => x.owner))}`, (x) => x.owner === mostCommon(b.map((y) => y.owner))],
    ['contact', `contact=${mostCommon(b.map((x) => x.contact))}`, (x) => x.contact === mostCommon(b.map((y) => y.contact))],
    ['booking_page', `booking_page=${mostCommon(b.map((x) => x.booking_page))}`, (x) => x.booking_page === mostCommon(b.map((y) => y.booking_page))],
    ['master_page', `master_page=${mostCommon(b.map((x) => x.master_page))}`, (x) => x.master_page === mostCommon(b.map((y) => y.master_page))],
    ['event_type', `event_type=${mostCommon(b.map((x) => x.event_type))}`, (x) => x.event_type === mostCommon(b.map((y) => y.event_type))],
    ['booking_calendar', `booking_calendar=${calendarBooking.booking_calendar}`, (x) => x.booking_calendar === calendarBooking.booking_calendar],
    ['host (co-host included)', `host=${coHost}`, (x) => x.hosts.includes(coHost)],
    ['empty ID filter means none', 'booking_calendar=&host=', () => true],
    ['creation_time.gt is strict', `creation_time.gt=${pivot.creation_time}`, (x) => x.creation_time > pivot.creation_time],
    ['creation_time.lt is strict', `creation_time.lt=${pivot.creation_time}`, (x) => x.creation_time < pivot.creation_time],
    ['starting_time range by dates', `starting_time.gt=${day}&starting_time.lt=${nextDay(day)}`, (x) => x.starting_time > dayStart && x.starting_time < `${nextDay(day)}T00:00:00Z`],
    ['last_updated_time.gt', `last_updated_time.gt=${pivot.last_updated_time}`, (x) => x.last_updated_time > pivot.last_updated_time],
    ['last_updated_time.lt', `last_updated_time.lt=${pivot.last_updated_time}`, (x) => x.last_updated_time < pivot.last_updated_time],
    // Fractions round the right way: later than x.5 s is later than x; earlier than x.5 s includes x.
    ['gt with milliseconds', `creation_time.gt=${pivot.creation_time.replace('Z', '.500Z')}`, (x) => x.creation_time > pivot.creation_time],
    ['lt with milliseconds', `creation_time.lt=${pivot.creation_time.replace('Z', '.500Z')}`, (x) => x.creation_time <= pivot.creation_time],
    ['an offset is honoured', `creation_time.gt=${encodeURIComponent(shiftToOffset(pivot.creation_time))}`, (x) => x.creation_time > pivot.creation_time],
    ['filters combine with AND', `status=completed&owner=${mostCommon(b.map((x) => x.owner))}`, (x) => x.status === 'completed' && x.owner === mostCommon(b.map((y) => y.owner))],
    ['no match is an empty list', 'owner=USR-NOBODY0000', () => false]
  ]
  for (const [name, query, matches] of cases) {
    const expected = newestFirst(b.filter(matches))
    t.strictSame(await allIds(api, query), expected, `${name}: ${expected.length} bookings`)
  }
  t.ok(b.filter((x) => x.creation_time === pivot.creation_time).length >= 1)
})

function nextDay (day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
}

// The same instant written with a +02:00 offset.
function shiftToOffset (utc: string): string {
  return new Date(Date.parse(utc) + 2 * 3_600_000).toISOString().replace('.000Z', '+02:00')
}

t.test('pagination walks forward and backward over every booking', async (t) => {
  const api = await client(t, ENV)
  const expected = newestFirst(dataset.bookings)
  const forward = await walk(api, '/v2/bookings?limit=7')
  t.equal(forward.pages, Math.ceil(expected.length / 7))
  t.strictSame(forward.ids, expected, 'forward: every booking once, in order')

  // From past the end, walk back through rel="previous" to the start.
  const last = await api.get(`/v2/bookings?limit=7&after=${expected.at(-8)}`)
  t.equal(last.json().has_more, false)
  t.equal(linkOf(last, 'next'), undefined, 'the last page has no next link')
  const backward = await walk(api, linkOf(last, 'previous')!, 'previous')
  t.strictSame([...backward.ids].reverse().concat(expected.slice(-7)), expected, 'backward: every booking once, in order')
  t.equal(new Set(backward.ids).size, backward.ids.length, 'no duplicates')
})

t.test('the Link header and has_more', async (t) => {
  const api = await client(t, ENV)
  const expected = newestFirst(dataset.bookings.filter((b) => b.status === 'completed'))
  const first = await api.get('/v2/bookings?status=completed&limit=5')
  t.equal(linkOf(first, 'previous'), undefined, 'the first page has no previous link')
  t.equal(linkOf(first, 'next'), `/v2/bookings?status=completed&after=${expected[4]}&limit=5`, 'next keeps the filters')
  t.match(String(first.headers.link), /^<http:\/\/localhost(:\d+)?\/v2\/bookings\?/, 'links are absolute URLs')

  const second = await api.get(linkOf(first, 'next')!)
  t.strictSame(second.json().data.map((b: { id: string }) => b.id), expected.slice(5, 10))
  t.equal(linkOf(second, 'previous'), `/v2/bookings?status=completed&before=${expected[5]}&limit=5`)

  const before = await api.get(`/v2/bookings?status=completed&limit=5&before=${expected[7]}`)
  t.strictSame(before.json().data.map((b: { id: string }) => b.id), expected.slice(2, 7), 'before returns the objects just preceding the cursor')
  t.equal(before.json().has_more, true, 'more objects precede that page')
  const atStart = await api.get(`/v2/bookings?status=completed&limit=5&before=${expected[3]}`)
  t.strictSame(atStart.json().data.map((b: { id: string }) => b.id), expected.slice(0, 3))
  t.equal(atStart.json().has_more, false, 'nothing precedes the start')
  t.equal(linkOf(atStart, 'previous'), undefined)
  t.equal(linkOf(atStart, 'next'), `/v2/bookings?status=completed&after=${expected[2]}&limit=5`)

  const whole = await api.get('/v2/bookings?status=no_show&limit=100')
  t.equal(whole.json().has_more, false)
  t.equal(whole.headers.link, undefined, 'no Link header when everything fits on one page')

  const limit100 = await api.get('/v2/bookings?limit=100')
  t.equal(limit100.json().data.length, 100)
})

t.test('a large page (sent as bytes) is the same JSON as the small pages (sent as text) that make it up', async (t) => {
  const api = await client(t, ENV)
  for (const expand of ['', '&expand=owner,booking_page,contact']) {
    const large = await api.get(`/v2/bookings?limit=100${expand}`)
    t.ok(large.body.length > 64 * 1024, 'more than LARGE_PAGE_CHARS of JSON')
    t.equal(Number(large.headers['content-length']), Buffer.byteLength(large.body))
    const small: string[] = []
    let after = ''
    for (let i = 0; i < 10; i++) {
      const page = await api.get(`/v2/bookings?limit=10${after}${expand}`)
      const { data } = JSON.parse(page.body) as { data: Array<{ id: string }> }
      small.push(...data.map((booking) => JSON.stringify(booking)))
      after = `&after=${data.at(-1)!.id}`
    }
    t.equal(large.body, `{"object":"list","data":[${small.join(',')}],"has_more":true}`, `byte for byte${expand}`)
  }
})

t.test('expand replaces IDs by objects, on lists and single bookings', async (t) => {
  const api = await client(t, ENV)
  const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((x) => [x.id, x]))
  const objects: Record<string, Map<string, unknown>> = {
    owner: byId(dataset.users),
    // A booking page's relations stay in the fixtures file: the API does not show them.
    booking_page: byId(dataset.booking_pages.map(({ owner, master_pages: masterPages, event_types: eventTypes, ...page }) => page)),
    master_page: byId(dataset.master_pages),
    event_type: byId(dataset.event_types),
    contact: byId(dataset.contacts),
    conversation: byId(dataset.conversations)
  }
  const stored = byId(dataset.bookings) as Map<string, unknown>
  const fields = Object.keys(objects)
  for (const expand of [fields.join(','), fields.map((f) => `data.${f}`).join(',')]) {
    const page = (await api.get(`/v2/bookings?limit=100&expand=${expand}`)).json()
    for (const booking of page.data) {
      const original = stored.get(booking.id) as Record<string, string | null>
      for (const field of fields) {
        const id = original[field] as string | null
        if (id === null || id === '') t.equal(booking[field], id, `${field} ${JSON.stringify(id)} stays as it is`)
        else t.strictSame(booking[field], objects[field]!.get(id), `${field} expanded`)
      }
    }
    t.ok(page.data.some((b: any) => b.conversation !== null && typeof b.conversation === 'object'), 'some page holds a conversation')
  }
  const one = dataset.bookings.find((b) => b.master_page !== null)!
  const res = (await api.get(`/v2/bookings/${one.id}?expand=owner,master_page`)).json()
  t.strictSame(res.owner, objects.owner!.get(one.owner))
  t.strictSame(res.master_page, objects.master_page!.get(one.master_page!))
  t.equal(res.contact, one.contact, 'fields not asked for stay IDs')
  const plain = (await api.get('/v2/bookings?limit=3&expand=')).json()
  t.type(plain.data[0].owner, 'string', 'an empty expand expands nothing')
})
