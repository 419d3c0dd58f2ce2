// Users, teams, booking pages, master pages, event types, booking calendars and
// contacts: every ID a booking carries resolves, every list and filter is compared with the dataset
// itself, pagination walks both ways, and every error has OnceHub's shape.

import t from 'tap'
import { datasetFor } from '../../src/dataset/index.ts'
import type { BookingCalendar, BookingCalendarRecord, BookingPageRecord, BookingRecord, Dataset } from '../../src/store/types.ts'
import { client, dateMessage, invalid, linkOf, testConfig, walk, type Client } from '../helpers/app.ts'

const ENV = { ONCEHUB_MOCK_SEED: '8', ONCEHUB_MOCK_BOOKINGS: '800' }
const dataset: Dataset = await datasetFor(testConfig(ENV))

type Listed = { id: string, creation_time?: string }

// The API object of a booking page: its relations stay in the fixtures file.
function apiPage ({ owner, master_pages: masterPages, event_types: eventTypes, ...page }: BookingPageRecord): object {
  return page
}

// The API object of a booking calendar: who takes its meetings stays in the fixtures file.
function apiCalendar ({ hosts, ...calendar }: BookingCalendarRecord): Listed {
  return calendar
}

// Every resource as the API shows it, by URL path.
const RESOURCES: Record<string, Listed[]> = {
  users: dataset.users,
  teams: dataset.teams,
  'booking-pages': dataset.booking_pages.map(apiPage) as Listed[],
  'master-pages': dataset.master_pages,
  'event-types': dataset.event_types,
  'booking-calendars': dataset.booking_calendars.map(apiCalendar),
  contacts: dataset.contacts
}

// The booking as the API shows it: who hosts it stays in the fixtures file.
function apiBooking ({ hosts, ...booking }: BookingRecord): object {
  return booking
}

// Who hosts a booking calendar: its host and, when that is a team, the team's members.
function calendarHosts (data: Dataset, calendar: BookingCalendar): string[] {
  return [calendar.host, ...data.users.filter((u) => u.teams.includes(calendar.host)).map((u) => u.id)]
}

// The decided order (docs/where-the-mock-decides.md): contacts newest first by
// creation_time then id; the resources without a creation time by id, descending.
function listOrder (objects: readonly Listed[]): string[] {
  const key = (o: Listed) => `${o.creation_time ?? ''} ${o.id}`
  return [...objects].sort((a, b) => key(a) < key(b) ? 1 : -1).map((o) => o.id)
}

async function allIds (api: Client, path: string, query = ''): Promise<string[]> {
  return (await walk(api, `/v2/${path}?limit=100${query ? '&' + query : ''}`)).ids
}

t.test('the dataset has what these tests rely on', async (t) => {
  t.ok(dataset.users.some((u) => u.status === 'invited' && u.teams.length > 1), 'an invited user in two teams')
  t.ok(dataset.booking_pages.some((p) => p.master_pages.length > 1), 'a booking page in two master pages')
  t.ok(dataset.booking_pages.some((p) => p.master_pages.length === 0), 'a booking page in no master page')
  t.ok(new Set(dataset.contacts.map((c) => c.creation_time)).size < dataset.contacts.length, 'contacts created at the same second')
  const teamIds = new Set(dataset.teams.map((team) => team.id))
  t.ok(dataset.booking_calendars.every((c) => teamIds.has(c.host)), 'every booking calendar is hosted by a team')
  const unpublished = dataset.booking_calendars.find((c) => !c.published)
  t.ok(dataset.bookings.some((b) => b.booking_calendar === unpublished?.id), 'an unpublished booking calendar with bookings')
  t.ok(dataset.bookings.some((b) => b.booking_calendar !== '' && b.hosts.length > 1), 'a booking-calendar booking with a co-host')
})

t.test("every booking's relations exist and agree", async (t) => {
  const pages = new Map(dataset.booking_pages.map((p) => [p.id, p]))
  const broken = dataset.bookings.filter((b) => {
    if (b.booking_page === '') return b.master_page !== null || b.event_type !== null
    const page = pages.get(b.booking_page)
    return page === undefined || page.owner !== b.owner ||
      (b.master_page !== null && !page.master_pages.includes(b.master_page)) ||
      (b.event_type !== null && !page.event_types.includes(b.event_type))
  })
  t.strictSame(broken.map((b) => b.id), [], "a booking's page is its owner's, and holds its master page and event type")
  const masters = new Set(dataset.master_pages.map((m) => m.id))
  const eventTypes = new Set(dataset.event_types.map((e) => e.id))
  const users = new Map(dataset.users.map((u) => [u.id, u]))
  t.strictSame(dataset.booking_pages.filter((p) => users.get(p.owner)?.status !== 'active' ||
    !p.master_pages.every((id) => masters.has(id)) || p.event_types.length === 0 || !p.event_types.every((id) => eventTypes.has(id))
  ).map((p) => p.id), [], 'every booking page has an active owner, existing master pages and at least one event type')
  const held = new Set(dataset.booking_pages.flatMap((p) => p.master_pages))
  t.strictSame(dataset.master_pages.filter((m) => !held.has(m.id)).map((m) => m.id), [], 'every master page holds a booking page')
  const calendars = new Map(dataset.booking_calendars.map((c) => [c.id, c]))
  t.strictSame(dataset.bookings.filter((b) => {
    if (b.booking_calendar === '') return false
    const calendar = calendars.get(b.booking_calendar)
    return calendar === undefined || b.booking_page !== '' || b.subject !== calendar.subject ||
      !b.hosts.every((host) => calendarHosts(dataset, calendar).includes(host))
  }).map((b) => b.id), [], "a calendar booking is on no booking page, has its calendar's subject, and its hosts host its calendar")
})

t.test('the host filter finds the booking calendars of every host of a calendar booking', async (t) => {
  const api = await client(t, ENV)
  const wanted = new Map<string, Set<string>>()
  for (const b of dataset.bookings) {
    if (b.booking_calendar === '') continue
    for (const host of b.hosts) wanted.set(host, (wanted.get(host) ?? new Set()).add(b.booking_calendar))
  }
  t.ok(wanted.size > 1, `${wanted.size} hosts`)
  for (const [host, calendars] of wanted) {
    const found = await allIds(api, 'booking-calendars', `host=${host}`)
    const missing = [...calendars].filter((id) => !found.includes(id))
    t.strictSame(missing, [], `${host} hosts the calendars of the bookings it hosts`)
  }
})

for (const [name, env] of [['the default fixtures', {}], ['a generated dataset', ENV]] as const) {
  t.test(`every ID a booking carries resolves through its GET: ${name}`, async (t) => {
    const api = await client(t, env)
    const data = await datasetFor(testConfig(env))
    const objects = new Map<string, unknown>([
      ...data.users, ...data.teams, ...data.master_pages, ...data.event_types, ...data.booking_calendars.map(apiCalendar), ...data.contacts
    ].map((o) => [o.id, o]))
    for (const page of data.booking_pages) objects.set(page.id, apiPage(page))
    for (const booking of data.bookings) objects.set(booking.id, apiBooking(booking))
    const wanted = new Map<string, string>()
    for (const b of data.bookings) {
      for (const user of [b.owner, ...b.hosts]) wanted.set(user, 'users')
      wanted.set(b.contact, 'contacts')
      if (b.booking_page !== '') wanted.set(b.booking_page, 'booking-pages')
      if (b.master_page !== null) wanted.set(b.master_page, 'master-pages')
      if (b.event_type !== null) wanted.set(b.event_type, 'event-types')
      if (b.booking_calendar !== '') wanted.set(b.booking_calendar, 'booking-calendars')
      if (b.rescheduled_booking_id !== '') wanted.set(b.rescheduled_booking_id, 'bookings')
      if (b.cancel_reschedule_information.user_id) wanted.set(b.cancel_reschedule_information.user_id, 'users')
    }
    for (const user of data.users) for (const team of user.teams) wanted.set(team, 'teams')
    for (const calendar of data.booking_calendars) wanted.set(calendar.host, calendar.host.startsWith('TM-') ? 'teams' : 'users')
    for (const path of ['booking-calendars', 'bookings']) t.ok([...wanted.values()].includes(path), `bookings name ${path}`)
    t.ok(data.bookings.some((b) => b.cancel_reschedule_information.user_id), 'bookings name the user who canceled them')
    let fetched = 0
    for (const [id, path] of wanted) {
      const res = await api.get(`/v2/${path}/${id}`)
      if (res.statusCode !== 200) t.fail(`${path}/${id} answered ${res.statusCode}`)
      else if (JSON.stringify(res.json()) !== JSON.stringify(objects.get(id))) t.fail(`${path}/${id} is served as stored`)
      else fetched++
    }
    t.equal(fetched, wanted.size, `all ${wanted.size} IDs resolve, each to its object as stored`)
  })
}

t.test('each list serves every object in the decided order', async (t) => {
  const api = await client(t, ENV)
  for (const [path, objects] of Object.entries(RESOURCES)) {
    const res = await api.get(`/v2/${path}`)
    t.equal(res.statusCode, 200)
    t.equal(res.json().object, 'list')
    t.equal(res.json().data.length, Math.min(10, objects.length), `${path}: limit defaults to 10`)
    const page = (await api.get(`/v2/${path}?limit=100`)).json()
    const byId = new Map(objects.map((o) => [o.id, o]))
    t.strictSame(page.data, page.data.map((o: Listed) => byId.get(o.id)), `${path}: objects exactly as stored`)
    t.strictSame(await allIds(api, path), listOrder(objects), `${path}: all ${objects.length}, in order`)
  }
  const users = (await api.get('/v2/users?limit=100')).json().data as Array<{ status: string }>
  t.ok(users.some((u) => u.status === 'invited'), 'invited users are listed')
})

t.test('each filter returns exactly the matching objects', async (t) => {
  const api = await client(t, ENV)
  const { users, booking_pages: pages, contacts } = dataset
  const invited = users.find((u) => u.status === 'invited' && u.teams.length > 1)!
  const twoMasters = pages.find((p) => p.master_pages.length > 1)!
  const eventType = mostCommon(pages.flatMap((p) => p.event_types))
  const owner = mostCommon(pages.map((p) => p.owner))
  // An owner and an event type that each keep more pages than both together do.
  const count = (keep: (p: BookingPageRecord) => boolean) => pages.filter(keep).length
  const [both, bothType] = pages.flatMap((p) => p.event_types.map((e) => [p.owner, e] as const)).find(([o, e]) => {
    const together = count((p) => p.owner === o && p.event_types.includes(e))
    return together < count((p) => p.owner === o) && together < count((p) => p.event_types.includes(e))
  })!
  const contact = contacts[17]!
  const pivot = contacts[40]!
  const day = pivot.creation_time.slice(0, 10)
  const created = Date.parse(pivot.creation_time)
  const updated = Date.parse(pivot.last_updated_time)
  const { booking_calendars: calendars, teams } = dataset
  const hostTeam = calendars.find((c) => teams.some((team) => team.id === c.host))!.host
  const member = users.find((u) => u.teams.includes(hostTeam))!
  const outsider = users.find((u) => !calendars.some((c) => calendarHosts(dataset, c).includes(u.id)))!
  const idleTeam = teams.find((team) => !calendars.some((c) => c.host === team.id))!
  const cases: Array<[string, string, string, (o: any) => boolean]> = [
    ['users', 'email', `email=${encodeURIComponent(users[3]!.email)}`, (u) => u.id === users[3]!.id],
    ['users', 'email ignores ASCII case', `email=${encodeURIComponent(users[3]!.email.toUpperCase())}`, (u) => u.id === users[3]!.id],
    ['users', 'an unknown email', 'email=nobody%40example.com', () => false],
    ['users', 'an empty email filters nothing', 'email=', () => true],
    ['users', 'email does not match a prefix', `email=${encodeURIComponent(users[3]!.email.slice(0, -1))}`, () => false],
    ['teams', 'user', `user=${users[1]!.id}`, (team) => users[1]!.teams.includes(team.id)],
    ['teams', 'an invited user is a member too', `user=${invited.id}`, (team) => invited.teams.includes(team.id)],
    ['teams', 'an unknown user', 'user=USR-NOBODY0000', () => false],
    ['booking-pages', 'master_page', `master_page=${twoMasters.master_pages[1]}`, (p) => p.master_pages.includes(twoMasters.master_pages[1])],
    ['booking-pages', 'event_type', `event_type=${eventType}`, (p) => p.event_types.includes(eventType)],
    ['booking-pages', 'user (the owner)', `user=${owner}`, (p) => p.owner === owner],
    ['booking-pages', 'filters combine with AND', `event_type=${bothType}&user=${both}`, (p) => p.event_types.includes(bothType) && p.owner === both],
    ['booking-pages', 'an invited user owns none', `user=${invited.id}`, () => false],
    ['booking-pages', 'empty filters filter nothing', 'master_page=&event_type=&user=', () => true],
    ['contacts', 'email', `email=${encodeURIComponent(contact.email)}`, (c) => c.email === contact.email],
    ['contacts', 'email ignores ASCII case', `email=${encodeURIComponent(contact.email.toUpperCase())}`, (c) => c.email === contact.email],
    ['contacts', 'an empty email filters nothing', 'email=', () => true],
    ['contacts', 'email does not match a prefix', `email=${encodeURIComponent(contact.email.slice(0, -1))}`, () => false],
    ['contacts', 'email does not match the part before @', `email=${encodeURIComponent(contact.email.split('@')[0]!)}`, () => false],
    ['contacts', 'creation_time.gt is strict', `creation_time.gt=${pivot.creation_time}`, (c) => c.creation_time > pivot.creation_time],
    ['contacts', 'creation_time.lt is strict', `creation_time.lt=${pivot.creation_time}`, (c) => c.creation_time < pivot.creation_time],
    ['contacts', 'creation_time range by dates', `creation_time.gt=${day}&creation_time.lt=${nextDay(day)}`, (c) => c.creation_time > `${day}T00:00:00Z` && c.creation_time < `${nextDay(day)}T00:00:00Z`],
    ['contacts', 'last_updated_time.gt', `last_updated_time.gt=${pivot.last_updated_time}`, (c) => c.last_updated_time > pivot.last_updated_time],
    ['contacts', 'last_updated_time.lt', `last_updated_time.lt=${pivot.last_updated_time}`, (c) => c.last_updated_time < pivot.last_updated_time],
    ['contacts', 'creation_time.gt with an offset', `creation_time.gt=${encodeURIComponent(rfc3339(created, 120))}`, (c) => c.creation_time > pivot.creation_time],
    ['contacts', 'creation_time.lt with a fraction is exact', `creation_time.lt=${encodeURIComponent(rfc3339(created + 500, 0))}`, (c) => c.creation_time <= pivot.creation_time],
    ['contacts', 'creation_time.gt with a fraction is exact', `creation_time.gt=${encodeURIComponent(rfc3339(created - 500, 0))}`, (c) => c.creation_time >= pivot.creation_time],
    ['contacts', 'last_updated_time.lt with an offset and a fraction', `last_updated_time.lt=${encodeURIComponent(rfc3339(updated + 250, -330))}`, (c) => c.last_updated_time <= pivot.last_updated_time],
    ['contacts', 'last_updated_time.gt with an offset', `last_updated_time.gt=${encodeURIComponent(rfc3339(updated, -300))}`, (c) => c.last_updated_time > pivot.last_updated_time],
    ['contacts', 'all filters together', `email=${encodeURIComponent(pivot.email)}&creation_time.lt=${nextDay(day)}&last_updated_time.gt=2000-01-01`, (c) => c.email === pivot.email],
    ['booking-calendars', 'host (a team)', `host=${hostTeam}`, (c) => c.host === hostTeam],
    ['booking-calendars', 'host (a member of a host team)', `host=${member.id}`, (c) => calendarHosts(dataset, c).includes(member.id)],
    ['booking-calendars', 'a user in no host team hosts none', `host=${outsider.id}`, () => false],
    ['booking-calendars', 'a team that hosts none', `host=${idleTeam.id}`, () => false],
    ['booking-calendars', 'an unknown host', 'host=USR-NOBODY0000', () => false],
    ['booking-calendars', 'an empty host filters nothing', 'host=', () => true]
  ]
  for (const [path, name, query, matches] of cases) {
    const source = path === 'booking-pages' ? pages : RESOURCES[path]!
    const expected = listOrder(source.filter(matches))
    t.strictSame(await allIds(api, path, query), expected, `${path}, ${name}: ${expected.length} objects`)
  }
})

t.test('pagination walks forward and backward over every resource', async (t) => {
  const api = await client(t, ENV)
  for (const [path, objects] of Object.entries(RESOURCES)) {
    const expected = listOrder(objects)
    // Small enough for several pages, whatever the resource's size.
    const limit = expected.length > 6 ? 3 : 1
    const forward = await walk(api, `/v2/${path}?limit=${limit}`)
    t.equal(forward.pages, Math.ceil(expected.length / limit), `${path}: ${forward.pages} pages`)
    t.strictSame(forward.ids, expected, `${path}: forward, every object once, in order`)
    const last = await api.get(`/v2/${path}?limit=${limit}&after=${expected.at(-limit - 1)}`)
    t.equal(last.json().has_more, false)
    t.equal(linkOf(last, 'next'), undefined, `${path}: the last page has no next link`)
    const backward = await walk(api, linkOf(last, 'previous')!, 'previous')
    t.strictSame([...backward.ids].reverse().concat(expected.slice(-limit)), expected, `${path}: backward, every object once, in order`)
  }
})

t.test('the Link header keeps the filters', async (t) => {
  const api = await client(t, ENV)
  const user = mostCommon(dataset.booking_pages.map((p) => p.owner))
  const expected = listOrder(dataset.booking_pages.filter((p) => p.owner === user))
  t.ok(expected.length > 1)
  const first = await api.get(`/v2/booking-pages?user=${user}&limit=1`)
  t.equal(first.json().has_more, true)
  t.equal(linkOf(first, 'previous'), undefined)
  t.equal(linkOf(first, 'next'), `/v2/booking-pages?user=${user}&after=${expected[0]}&limit=1`)
  const second = await api.get(linkOf(first, 'next')!)
  t.strictSame(second.json().data.map((p: Listed) => p.id), [expected[1]])
  t.equal(linkOf(second, 'previous'), `/v2/booking-pages?user=${user}&before=${expected[1]}&limit=1`)
  const all = await api.get('/v2/event-types?limit=100')
  t.equal(all.headers.link, undefined, 'no Link header when everything fits on one page')
})

t.test('the Link header keeps the filters of every resource that has any', async (t) => {
  const api = await client(t, ENV)
  const { users, booking_pages: pages, booking_calendars: calendars, contacts } = dataset
  const invited = users.find((u) => u.status === 'invited' && u.teams.length > 1)!
  const twoCalendars = mostCommon(calendars.flatMap((c) => calendarHosts(dataset, c)))
  const eventType = mostCommon(pages.flatMap((p) => p.event_types))
  const pivot = contacts[40]!
  const cases: Array<[string, string, (o: any) => boolean]> = [
    // A user's email names one user: only an empty one spans pages.
    ['users', 'email=', () => true],
    ['teams', `user=${invited.id}`, (team) => invited.teams.includes(team.id)],
    ['booking-pages', `event_type=${eventType}&master_page=`, (p) => p.event_types.includes(eventType)],
    ['booking-calendars', `host=${twoCalendars}`, (c) => calendarHosts(dataset, c).includes(twoCalendars)],
    ['contacts', `creation_time.gt=${encodeURIComponent(rfc3339(Date.parse(pivot.creation_time), 60))}&last_updated_time.lt=2100-01-01`, (c) => c.creation_time > pivot.creation_time]
  ]
  for (const [path, query, matches] of cases) {
    const source = path === 'booking-pages' ? pages : RESOURCES[path]!
    const expected = listOrder(source.filter(matches))
    t.ok(expected.length > 1, `${path}?${query}: ${expected.length} objects, more than one page`)
    const keepsFilters = (link: string | undefined) => {
      if (link === undefined) return true
      const kept = new URLSearchParams(link.split('?')[1])
      return [...new URLSearchParams(query)].every(([name, value]) => kept.get(name) === value)
    }
    let url: string | undefined = `/v2/${path}?${query}&limit=1`
    const ids: string[] = []
    let last = url
    while (url !== undefined) {
      const res = await api.get(url)
      ids.push(...res.json().data.map((o: Listed) => o.id))
      if (!keepsFilters(linkOf(res, 'next')) || !keepsFilters(linkOf(res, 'previous'))) t.fail(`${url}: a link lost a filter`)
      last = url
      url = linkOf(res, 'next')
    }
    t.strictSame(ids, expected, `${path}?${query}: forward through the links, every match once`)
    const previous = linkOf(await api.get(last), 'previous')!
    t.ok(keepsFilters(previous))
    t.strictSame((await walk(api, previous, 'previous')).ids.reverse(), expected.slice(0, -1), `${path}?${query}: and back`)
  }
})

t.test('changes to bookings leave the resources as they are', async (t) => {
  const api = await client(t, ENV)
  const booking = dataset.bookings.find((b) => b.status === 'scheduled' && b.payment_information === null)!
  const before = (await api.get(`/v2/contacts/${booking.contact}`)).json()
  t.equal((await api.request({ method: 'POST', url: `/v2/bookings/${booking.id}/cancel` })).statusCode, 200)
  t.strictSame((await api.get(`/v2/contacts/${booking.contact}`)).json(), before, "the contact's last_updated_time included")
  t.strictSame((await api.get(`/v2/users/${booking.owner}`)).json(), dataset.users.find((u) => u.id === booking.owner))
})

const NOUNS: Record<string, string> = {
  users: 'user',
  teams: 'team',
  'booking-pages': 'booking page',
  'master-pages': 'master page',
  'event-types': 'event type',
  'booking-calendars': 'booking calendar',
  contacts: 'contact'
}

const ERRORS: Array<[string, string, number, object]> = [
  ...Object.entries(NOUNS).flatMap(([path, noun]): Array<[string, string, number, object]> => [
    [`unknown ${noun}`, `/v2/${path}/123`, 404, invalid(`No such ${noun}: '123'`, 'id')],
    [`unknown after cursor on ${path}`, `/v2/${path}?after=NOPE`, 400, invalid(`No such ${noun}: 'NOPE'`, 'after')],
    [`unknown before cursor on ${path}`, `/v2/${path}?before=NOPE`, 400, invalid(`No such ${noun}: 'NOPE'`, 'before')],
    [`a bookings filter on ${path}`, `/v2/${path}?status=active`, 400, invalid('Received unknown parameter: status', 'status')],
    [`expand on ${path}`, `/v2/${path}?expand=owner`, 400, invalid('Received unknown parameter: expand', 'expand')],
    [`a parameter on a single ${noun}`, `/v2/${path}/X?limit=1`, 400, invalid('Received unknown parameter: limit', 'limit')],
    [`limit 0 on ${path}`, `/v2/${path}?limit=0`, 400, invalid('Out of range value: 0. Please provide a number between 1 and 100.', 'limit')],
    [`limit 101 on ${path}`, `/v2/${path}?limit=101`, 400, invalid('Out of range value: 101. Please provide a number between 1 and 100.', 'limit')],
    [`limit not a number on ${path}`, `/v2/${path}?limit=ten`, 400, invalid('Invalid integer: ten', 'limit')],
    [`both cursors on ${path}`, `/v2/${path}?after=A&before=B`, 400, invalid('Received both before and after parameters. Please provide only one.')],
    [`a very long ID on ${path}`, `/v2/${path}/${'x'.repeat(300)}`, 400, invalid('Invalid id: must be at most 256 characters.', 'id')],
    [`no API key on ${path}`, `/v2/${path}`, 401, { type: 'authentication_error', message: 'Invalid API key.' }]
  ]),
  ['a filter of another resource', '/v2/master-pages?user=USR-X', 400, invalid('Received unknown parameter: user', 'user')],
  ['user filter on users', '/v2/users?user=USR-X', 400, invalid('Received unknown parameter: user', 'user')],
  ['a date filter on users', '/v2/users?creation_time.gt=2026-01-01', 400, invalid('Received unknown parameter: creation_time.gt', 'creation_time.gt')],
  ['starting_time on contacts', '/v2/contacts?starting_time.gt=2026-01-01', 400, invalid('Received unknown parameter: starting_time.gt', 'starting_time.gt')],
  ['reversed creation range', '/v2/contacts?creation_time.gt=2026-02-01&creation_time.lt=2026-01-01', 400, invalid('creation_time.gt cannot be later than creation_time.lt', 'creation_time.gt')],
  ['reversed update range', '/v2/contacts?last_updated_time.gt=2026-01-02T00:00:00Z&last_updated_time.lt=2026-01-01', 400, invalid('last_updated_time.gt cannot be later than last_updated_time.lt', 'last_updated_time.gt')],
  ['a date in words', '/v2/contacts?creation_time.gt=yesterday', 400, invalid(dateMessage('yesterday'), 'creation_time.gt')],
  ['February 30th', '/v2/contacts?last_updated_time.lt=2026-02-30', 400, invalid(dateMessage('2026-02-30'), 'last_updated_time.lt')],
  ['email given twice on users', '/v2/users?email=a%40x.com&email=b%40x.com', 400, invalid('Received more than one value for parameter: email', 'email')],
  ['email given twice on contacts', '/v2/contacts?email=a%40x.com&email=b%40x.com', 400, invalid('Received more than one value for parameter: email', 'email')],
  ['a bracketed email', '/v2/contacts?email[eq]=a%40x.com', 400, invalid('Received unknown parameter: email[eq]', 'email[eq]')],
  ['a very long email', `/v2/users?email=${'x'.repeat(321)}`, 400, invalid('Invalid email: must be at most 320 characters.', 'email')],
  ['a very long ID filter', `/v2/teams?user=${'x'.repeat(257)}`, 400, invalid('Invalid user: must be at most 256 characters.', 'user')],
  ['user given twice on booking pages', '/v2/booking-pages?user=A&user=B', 400, invalid('Received more than one value for parameter: user', 'user')],
  ['host given twice on booking calendars', '/v2/booking-calendars?host=A&host=B', 400, invalid('Received more than one value for parameter: host', 'host')],
  ['a very long host filter', `/v2/booking-calendars?host=${'x'.repeat(257)}`, 400, invalid('Invalid host: must be at most 256 characters.', 'host')],
  ['a booking pages filter on booking calendars', '/v2/booking-calendars?user=USR-X', 400, invalid('Received unknown parameter: user', 'user')],
  ['a bookings filter on booking calendars', '/v2/booking-calendars?booking_calendar=BKC-X', 400, invalid('Received unknown parameter: booking_calendar', 'booking_calendar')],
  ['an unknown method', '/v2/teams/X', 404, invalid('Unrecognized request URL (DELETE: /v2/teams/X).')]
]

t.test('bad input gets the documented error', async (t) => {
  const api = await client(t)
  for (const [name, url, status, body] of ERRORS) {
    const headers = status === 401 ? { 'api-key': null } : undefined
    const method = name === 'an unknown method' ? 'DELETE' : 'GET'
    const res = await api.request({ method, url, headers })
    t.equal(res.statusCode, status, `${name}: status`)
    t.strictSame(res.json(), body, `${name}: body`)
  }
})

function mostCommon (values: string[]): string {
  const counts = new Map<string, number>()
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1)
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0]
}

// `ms` as an RFC 3339 date-time in the UTC offset of `minutes`, with milliseconds when it has any.
function rfc3339 (ms: number, minutes: number): string {
  const local = new Date(ms + minutes * 60_000).toISOString().replace('.000Z', 'Z').replace('Z', '')
  const offset = Math.abs(minutes)
  const hhmm = `${String(Math.floor(offset / 60)).padStart(2, '0')}:${String(offset % 60).padStart(2, '0')}`
  return minutes === 0 ? `${local}Z` : `${local}${minutes < 0 ? '-' : '+'}${hhmm}`
}

function nextDay (day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
}
