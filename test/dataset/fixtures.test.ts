// The seeded generator and the fixtures loader: determinism, coherence, the
// section-8 "Seeded history" and "Fixture dates" rules, and loader errors.

import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, symlinkSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { DEFAULT_FIXTURES_PATH } from '../../src/config.ts'
import { DEFAULT_BOOKINGS, DEFAULT_SEED, generateDataset } from '../../src/dataset/generate.ts'
import { FIXTURES_REFERENCE_DATE, datasetFor, serializeDataset } from '../../src/dataset/index.ts'
import { FixturesError, loadFixtures, shiftDataset } from '../../src/dataset/load.ts'
import { buildInWorker } from '../../src/dataset/in-worker.ts'
import { FIRST_INSTANT, LAST_INSTANT, timestamp } from '../../src/time.ts'
import { datasetProblem } from '../../src/dataset/validate.ts'
import { meetingFitsAvailability } from '../scheduling/hosts.ts'
import { createStore, type Store } from '../../src/store/store.ts'
import type { Dataset } from '../../src/store/types.ts'

const DAY = 86_400_000
const REF = '2026-03-15T00:00:00Z'
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

// Computed here rather than with src/time.ts, so a bug there cannot hide.
const addDays = (ts: string, days: number): string => new Date(Date.parse(ts) + days * DAY).toISOString().replace('.000Z', 'Z')
const endOf = (b: Dataset['bookings'][number]): number => Date.parse(b.starting_time) + b.duration_minutes * 60_000

// One mid-sized dataset shared by the read-only checks below.
const data = generateDataset({ seed: 7, bookings: 1000, referenceDate: REF })
const ref = Date.parse(REF)

t.test('generation is deterministic', async (t) => {
  const again = generateDataset({ seed: 7, bookings: 1000, referenceDate: REF })
  t.equal(serializeDataset(again), serializeDataset(data), 'same seed, size and date give the same bytes')
  t.equal(data.bookings.length, 1000)
  t.equal(data.seed, 7)
  t.equal(data.reference_date, REF)

  const other = generateDataset({ seed: 8, bookings: 1000, referenceDate: REF })
  t.not(serializeDataset(other), serializeDataset(data), 'another seed gives other data')
  t.not(other.bookings[0]?.id, data.bookings[0]?.id)

  // Every date is computed from the reference date: the same seed later gives the
  // same account, its times moved.
  const later = generateDataset({ seed: 7, bookings: 1000, referenceDate: addDays(REF, 14) })
  t.strictSame(later.users, data.users, 'the same users')
  t.strictSame(later.scheduling_availability?.map((hours) => hours.weekly), data.scheduling_availability?.map((hours) => hours.weekly), 'with the same weekly hours')
})

t.test('fixtures/default.json is exactly what npm run fixtures writes', async (t) => {
  const generated = serializeDataset(generateDataset({ seed: DEFAULT_SEED, bookings: DEFAULT_BOOKINGS, referenceDate: FIXTURES_REFERENCE_DATE }))
  t.ok(generated === await readFile(DEFAULT_FIXTURES_PATH, 'utf8'), 'regenerate with `npm run fixtures` if this fails')
})

t.test('an edited fixtures/default.json (or one mounted over the image\'s) is checked before the server starts', async (t) => {
  // A copy of the package whose default.json names a user that does not exist.
  const root = fileURLToPath(new URL('../..', import.meta.url))
  const dir = t.testdir()
  for (const entry of ['src', 'package.json', 'tsconfig.json', 'openapi.yaml']) cpSync(join(root, entry), join(dir, entry), { recursive: true })
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'))
  const dataset = JSON.parse(await readFile(DEFAULT_FIXTURES_PATH, 'utf8')) as Dataset
  dataset.bookings[3]!.owner = 'USR-NOBODY0000'
  mkdirSync(join(dir, 'fixtures'))
  await writeFile(join(dir, 'fixtures/default.json'), serializeDataset(dataset))
  const result = spawnSync(process.execPath, [join(dir, 'src/bin.js'), '--port', '0'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME }, encoding: 'utf8', timeout: 60_000
  })
  t.equal(result.status, 1)
  t.equal(result.stderr.trim(), `oncehub-mock: ${join(dir, 'fixtures/default.json')}: bookings[3].owner: no users object has the ID 'USR-NOBODY0000'`)
})

t.test("every seeded user has working hours in their own zone, and seeded meetings fall inside their hosts' hours", async (t) => {
  const defaultFixtures = await loadFixtures(DEFAULT_FIXTURES_PATH, '2026-12-07T00:00:00Z')
  for (const [name, dataset] of [['generated', data], ['the default file, moved to another date', defaultFixtures]] as const) {
    const hours = new Map((dataset.scheduling_availability ?? []).map(({ user_id: id, ...rest }) => [id, rest]))
    t.strictSame(dataset.users.filter((user) => hours.get(user.id)?.timezone !== user.timezone).map((user) => user.id), [], `${name}: every user has hours, in the user's zone`)
    t.ok(dataset.users.every((user) => (hours.get(user.id)?.weekly.length ?? 0) >= 4), `${name}: four working days or more`)
    // Predecessors of rescheduled bookings were canceled before they could be held.
    const predecessors = new Set(dataset.bookings.map((b) => b.rescheduled_booking_id))
    const outside = dataset.bookings.filter((b) => !predecessors.has(b.id))
      .filter((b) => b.hosts.some((host) => !meetingFitsAvailability(hours.get(host)!, Date.parse(b.starting_time), b.duration_minutes)))
    t.strictSame(outside.map((b) => b.id), [], `${name}: every meeting fits the working hours of each of its hosts`)
  }
})

t.test('a generated dataset is coherent', async (t) => {
  const idsOf = (list: Array<{ id: string }>) => new Set(list.map((o) => o.id))
  const users = idsOf(data.users)
  const teams = idsOf(data.teams)
  const contacts = new Map(data.contacts.map((c) => [c.id, c]))
  const pages = idsOf(data.booking_pages)
  const masters = idsOf(data.master_pages)
  const eventTypes = idsOf(data.event_types)
  const conversations = new Map(data.conversations.map((c) => [c.id, c]))
  const calendars = idsOf(data.booking_calendars)

  const shapes: Array<[string, Array<{ id: string }>, RegExp]> = [
    ['bookings', data.bookings, /^BKNG-[A-Z0-9]{12}$/],
    ['users', data.users, /^USR-[A-Z0-9]{10}$/],
    ['teams', data.teams, /^TM-[A-Z0-9]{12}$/],
    ['master_pages', data.master_pages, /^MP-[A-Z0-9]{10}$/],
    ['event_types', data.event_types, /^ET-[A-Z0-9]{10}$/],
    ['booking_pages', data.booking_pages, /^BP-[A-Z0-9]{10}$/],
    ['booking_calendars', data.booking_calendars, /^BKC-[A-Z0-9]{10}$/],
    ['contacts', data.contacts, /^CTC-[A-Z0-9]{10,14}$/],
    ['conversations', data.conversations, /^CVR-[A-Z0-9]{10,12}$/]
  ]
  for (const [name, list, shape] of shapes) {
    t.ok(list.length > 0, `${name} is not empty`)
    t.strictSame(list.filter((o) => !shape.test(o.id)).map((o) => o.id), [], `${name} IDs match ${shape}`)
    t.equal(idsOf(list).size, list.length, `${name} IDs are unique`)
  }
  const all = shapes.flatMap(([, list]) => list.map((o) => o.id))
  t.equal(new Set(all).size, all.length, 'no ID is shared across collections')

  const broken = data.bookings.filter((b) => {
    const contact = contacts.get(b.contact)
    return !users.has(b.owner) || contact === undefined ||
      (b.booking_page !== '' && !pages.has(b.booking_page)) ||
      (b.master_page !== null && !masters.has(b.master_page)) ||
      (b.event_type !== null && !eventTypes.has(b.event_type)) ||
      (b.conversation !== null && !conversations.get(b.conversation)?.bookings.includes(b.id)) ||
      (b.booking_calendar !== '' && !calendars.has(b.booking_calendar)) ||
      !b.hosts.includes(b.owner) || !b.hosts.every((h) => users.has(h)) ||
      b.form_submission.email !== contact.email ||
      b.form_submission.name !== `${contact.first_name} ${contact.last_name}`
  })
  t.strictSame(broken.map((b) => b.id), [], 'every booking points at objects that exist and match')
  t.ok(data.bookings.some((b) => b.conversation !== null), 'some bookings came from a conversation')

  t.strictSame(data.users.filter((u) => u.teams.length === 0 || !u.teams.every((id) => teams.has(id))).map((u) => u.id), [], "users' teams exist")
  t.strictSame(data.contacts.filter((c) => !users.has(c.owner)).map((c) => c.id), [], 'contact owners are users')
  t.strictSame(data.booking_calendars.filter((c) => !teams.has(c.host) && !users.has(c.host)).map((c) => c.id), [], 'calendar hosts are teams or users')
  t.ok(data.bookings.some((b) => b.booking_calendar !== ''), 'some bookings are on booking calendars')
  for (const name of ['users', 'contacts'] as const) {
    t.equal(new Set(data[name].map((o) => o.email.toLowerCase())).size, data[name].length, `${name}' emails are unique`)
  }
  t.strictSame(data.conversations.filter((c) => !contacts.has(c.contact)).map((c) => c.id), [], 'conversation contacts exist')
})

t.test('seeded history obeys the section-8 rules', async (t) => {
  const byId = new Map(data.bookings.map((b) => [b.id, b]))
  const ids = (list: Dataset['bookings']) => list.map((b) => `${b.id} ${b.status}`)
  const check = (name: string, bad: (b: Dataset['bookings'][number]) => boolean) =>
    t.strictSame(ids(data.bookings.filter(bad)), [], name)

  check('nothing live has ended', (b) => ['scheduled', 'rescheduled', 'requested'].includes(b.status) && endOf(b) <= ref)
  check('completed and no-show bookings ended before the reference date', (b) => (b.status === 'completed' || b.status === 'no_show') && endOf(b) > ref)
  check('every rescheduled booking replaces an older canceled booking of the same contact', (b) => {
    if (b.status !== 'rescheduled') return false
    const old = byId.get(b.rescheduled_booking_id)
    return old === undefined || old.status !== 'canceled' || old.contact !== b.contact || !(old.creation_time < b.creation_time)
  })
  check('last_updated_time is not before creation_time', (b) => b.last_updated_time < b.creation_time)
  check('nothing was created after the reference date', (b) => Date.parse(b.creation_time) > ref)

  const stamps = [
    ...data.bookings.flatMap((b) => [b.creation_time, b.starting_time, b.last_updated_time]),
    ...[...data.contacts, ...data.conversations].flatMap((o) => [o.creation_time, o.last_updated_time, o.last_interacted_time])
  ].filter((s) => s !== null)
  t.strictSame(stamps.filter((s) => !TIMESTAMP.test(s)), [], 'every timestamp is YYYY-MM-DDTHH:MM:SSZ')
})

t.test('a generated dataset has the spread a client needs', async (t) => {
  const b = data.bookings
  for (const status of ['requested', 'scheduled', 'rescheduled', 'completed', 'canceled', 'no_show']) {
    t.ok(b.some((x) => x.status === status), `some bookings are ${status}`)
  }
  const spread: Array<[string, (x: Dataset['bookings'][number]) => boolean]> = [
    ['start in the past', (x) => Date.parse(x.starting_time) < ref],
    ['start in the future', (x) => Date.parse(x.starting_time) > ref],
    ['are paid', (x) => x.payment_information !== null],
    ['are unpaid', (x) => x.payment_information === null],
    ['are virtual', (x) => x.virtual_conferencing.join_url !== ''],
    ['are physical', (x) => x.location_description !== ''],
    ['are in the trash', (x) => x.in_trash],
    ['are out of the trash', (x) => !x.in_trash],
    ['have form custom fields', (x) => x.form_submission.custom_fields.length > 0],
    ['have UTM parameters', (x) => x.utm_params !== null],
    ['are on a booking calendar with a co-host', (x) => x.booking_calendar !== '' && x.hosts.length > 1]
  ]
  for (const [name, test] of spread) t.ok(b.some(test), `some bookings ${name}`)
  t.ok(new Set(b.map((x) => x.customer_timezone)).size >= 3, 'at least three customer time zones')
})

t.test('100,000 bookings can be generated', async (t) => {
  const big = generateDataset({ seed: 3, bookings: 100_000, referenceDate: REF })
  t.equal(big.bookings.length, 100_000)
  t.equal(new Set(big.bookings.map((b) => b.id)).size, 100_000, 'booking IDs are unique')
  // Faker repeats names: this account drew 22 contact emails twice before they were made unique.
  for (const name of ['users', 'contacts'] as const) {
    t.equal(new Set(big[name].map((o) => o.email.toLowerCase())).size, big[name].length, `${big[name].length} ${name}, each email once`)
  }
  const emails = new Set(big.contacts.map((c) => c.email))
  const repeated = big.contacts.find((c) => /[^\d@]2@/.test(c.email) && emails.has(c.email.replace('2@', '@')))
  t.ok(repeated, `a repeated address gets a number: ${repeated?.email}`)
})

t.test('timestamp writes what Date writes, truncated to the second', async (t) => {
  const throughDate = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
  // Days before and after 1970, each day's first and last second, fractions, both ends
  // of the years the mock writes and beyond them, and many days (past the day cache).
  const edges = [0, -1, -0.5, 999.9, 1000, DAY - 1, DAY, -DAY, -DAY - 1, FIRST_INSTANT, FIRST_INSTANT + 0.5, LAST_INSTANT, LAST_INSTANT - 999,
    FIRST_INSTANT - 1, LAST_INSTANT + 1, Date.parse('2024-02-29T23:59:59.999Z'), Date.parse('2026-12-31T12:34:56.789Z')]
  let x = 12345
  const random = Array.from({ length: 20_000 }, () => {
    x = (x * 1103515245 + 12345) % 2147483648
    return FIRST_INSTANT + (x / 2147483648) * (LAST_INSTANT - FIRST_INSTANT)
  })
  const wrong = [...edges, ...random].filter((ms) => timestamp(ms) !== throughDate(ms))
  t.strictSame(wrong.map((ms) => [ms, timestamp(ms), throughDate(ms)]), [])
  t.equal(timestamp(Date.parse('2026-01-02T03:04:05.678Z')), '2026-01-02T03:04:05Z')
  t.throws(() => timestamp(NaN), RangeError, 'NaN is no instant, as before')
})

t.test('loading places the fixtures file around the reference date', async (t) => {
  const raw = JSON.parse(await readFile(DEFAULT_FIXTURES_PATH, 'utf8')) as Dataset
  t.equal(raw.reference_date, FIXTURES_REFERENCE_DATE, 'the file records the date it was made for')

  t.strictSame(await loadFixtures(DEFAULT_FIXTURES_PATH, FIXTURES_REFERENCE_DATE), raw, 'its own date changes nothing')

  // Ten days later: the file moves by one whole week, so that each meeting keeps
  // its weekday, and lands three days before the date asked for.
  const loaded = await loadFixtures(DEFAULT_FIXTURES_PATH, addDays(FIXTURES_REFERENCE_DATE, 10))
  t.equal(loaded.reference_date, addDays(FIXTURES_REFERENCE_DATE, 7))
  t.strictSame(await loadFixtures(DEFAULT_FIXTURES_PATH, addDays(FIXTURES_REFERENCE_DATE, 6)), raw, 'less than a week later, nothing moves')
  t.equal(loaded.seed, raw.seed)
  for (const name of ['teams', 'users', 'master_pages', 'event_types', 'booking_pages', 'booking_calendars'] as const) {
    t.strictSame(loaded[name], raw[name], `${name} are unchanged`)
  }
  // Contacts' and conversations' timestamps move by exactly a week; nothing else of them changes.
  for (const name of ['contacts', 'conversations'] as const) {
    const before = raw[name] as unknown as Array<Record<string, unknown>>
    const after = loaded[name] as unknown as Array<Record<string, unknown>>
    t.equal(after.length, before.length)
    let moved = 0
    const expected = before.map((object) => Object.fromEntries(Object.entries(object).map(([key, value]) => {
      if (typeof value !== 'string' || !TIMESTAMP.test(value)) return [key, value]
      moved++
      return [key, addDays(value, 7)]
    })))
    t.ok(moved >= before.length * 2, `${name} have timestamps to move`)
    t.ok(JSON.stringify(after) === JSON.stringify(expected), `every ${name} timestamp moved by a week, nothing else changed`)
  }
  // A booking keeps its wall-clock time where its owner is (an hour off a plain week
  // across daylight saving time), and all its timestamps move together.
  const zones = new Map(raw.users.map((user) => [user.id, user.timezone]))
  const wallClock = (b: { owner: string, starting_time: string }) => new Intl.DateTimeFormat('en-GB', { timeZone: zones.get(b.owner), weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(Date.parse(b.starting_time))
  let acrossDst = 0
  const wrong = raw.bookings.filter((before, i) => {
    const after = loaded.bookings[i]!
    const by = Date.parse(after.starting_time) - Date.parse(before.starting_time)
    if (by !== 7 * DAY) acrossDst++
    const { starting_time: _s, creation_time: _c, last_updated_time: _u, ...rest } = before
    const { starting_time: _s2, creation_time: _c2, last_updated_time: _u2, ...restAfter } = after
    return wallClock(after) !== wallClock(before) || Math.abs(by - 7 * DAY) > 3_600_000 ||
      Date.parse(after.creation_time) - Date.parse(before.creation_time) !== by || Date.parse(after.last_updated_time) - Date.parse(before.last_updated_time) !== by ||
      JSON.stringify(rest) !== JSON.stringify(restAfter)
  })
  t.strictSame(wrong.map((b) => b.id), [], 'every booking keeps its local time, all its times moved together, nothing else changed')
  t.ok(acrossDst > 0, `some bookings crossed a change of daylight saving time (${acrossDst})`)
  // Days off in working hours move too (a larger dataset has some).
  const overrides = (dataset: Dataset) => (dataset.scheduling_availability ?? []).flatMap((hours) => hours.overrides)
  t.ok(overrides(data).length > 0, 'a dataset with dated overrides of working hours')
  t.strictSame(overrides(shiftDataset(data, addDays(REF, 10))).map((o) => [o.date, o.day]), overrides(data).map((o) => [addDays(`${o.date}T00:00:00Z`, 7).slice(0, 10), o.day]), 'their dates move a week, on the same weekday')
})

t.test('a bad fixtures file rejects with a FixturesError naming it', async (t) => {
  const dir = t.testdir()
  const good = JSON.parse(await readFile(DEFAULT_FIXTURES_PATH, 'utf8')) as Record<string, unknown>
  const noBookings = { ...good }
  delete noBookings.bookings
  const cases: Array<[string, string | null, RegExp]> = [
    ['a missing file', null, /ENOENT/],
    ['invalid JSON', '{"teams": [', /JSON/],
    ['a non-object', '42', /expected a JSON object/],
    ['null', 'null', /expected a JSON object/],
    ['a missing collection', JSON.stringify(noBookings), /bookings must be an array/],
    ['a bad reference_date', JSON.stringify({ ...good, reference_date: 'last Tuesday' }), /reference_date/]
  ]
  for (const [name, content, reason] of cases) {
    const path = join(dir, `${name.replace(/ /g, '-')}.json`)
    if (content !== null) await writeFile(path, content)
    const error = await loadFixtures(path, REF).then(() => null, (e: unknown) => e)
    t.ok(error instanceof FixturesError, `${name}: a FixturesError`)
    t.ok((error as Error).message.includes(path), `${name}: the message names the file`)
    t.match((error as Error).message, reason, `${name}: the message says why`)
  }
})

t.test('the validator finds broken calendar references and repeated emails', async (t) => {
  const good = JSON.parse(await readFile(DEFAULT_FIXTURES_PATH, 'utf8')) as Dataset
  t.equal(await datasetProblem(good), undefined, 'the default file is valid')
  const onCalendar = good.bookings.findIndex((b) => b.booking_calendar !== '')
  const cases: Array<[string, (d: Dataset) => void, string]> = [
    ['a booking on an unknown calendar', (d) => { d.bookings[onCalendar]!.booking_calendar = 'BKC-NOBODY0000' },
      `bookings[${onCalendar}].booking_calendar: no booking_calendars object has the ID 'BKC-NOBODY0000'`],
    ['a calendar hosted by nobody', (d) => { d.booking_calendars[1]!.host = 'TM-NOBODY00000' },
      "booking_calendars[1].host: no users or teams object has the ID 'TM-NOBODY00000'"],
    ['a calendar of the wrong shape', (d) => { (d.booking_calendars[2] as { published: unknown }).published = 'yes' }, 'booking_calendars[2].published: must be boolean'],
    ['a calendar ID twice', (d) => { d.booking_calendars[3]!.id = d.booking_calendars[0]!.id }, `booking_calendars[3].id: '${good.booking_calendars[0]!.id}' appears twice`],
    ['a user email twice', (d) => { d.users[4]!.email = d.users[1]!.email }, `users[4].email: '${good.users[1]!.email}' appears twice`],
    ['a contact email twice, in other case', (d) => { d.contacts[9]!.email = d.contacts[2]!.email.toUpperCase() },
      `contacts[9].email: '${good.contacts[2]!.email.toUpperCase()}' appears twice`]
  ]
  for (const [name, breakIt, problem] of cases) {
    const broken = structuredClone(good)
    breakIt(broken)
    t.equal(await datasetProblem(broken), problem, name)
  }
})

t.test('datasetFor picks the fixtures file or the generator', async (t) => {
  const base = { fixturesPath: DEFAULT_FIXTURES_PATH, referenceDate: REF }
  const fromFile = await datasetFor({ ...base, seed: null, bookings: null })
  t.strictSame(fromFile, await loadFixtures(DEFAULT_FIXTURES_PATH, REF), 'no seed and no size: the fixtures file')

  const seeded = await datasetFor({ ...base, seed: 5, bookings: null })
  t.equal(seeded.seed, 5)
  t.equal(seeded.bookings.length, DEFAULT_BOOKINGS, 'a seed alone generates the default size')
  t.equal(serializeDataset(seeded), serializeDataset(generateDataset({ seed: 5, bookings: DEFAULT_BOOKINGS, referenceDate: REF })))

  const sized = await datasetFor({ ...base, seed: null, bookings: 50 })
  t.equal(sized.seed, DEFAULT_SEED, 'a size alone uses the default seed')
  t.equal(sized.bookings.length, 50)
  t.equal(sized.reference_date, REF)
})

t.test('a dataset built on a worker thread holds exactly what the generator makes', async (t) => {
  const digest = (store: Store) => createHash('sha256').update(JSON.stringify(Object.entries(store.dataset.snapshot()).filter(([table]) => table !== 'meta'))).digest('hex')
  const options = { seed: 4, bookings: 2500, referenceDate: REF }
  const atOnce = createStore(null)
  t.teardown(() => atOnce.close())
  atOnce.dataset.load(generateDataset(options))
  const built = createStore(null)
  t.teardown(() => built.close())
  const progress: Array<number | 'drawn'> = []
  await built.dataset.replace(async (target) => await buildInWorker(target, options, { update: (done) => progress.push(done), drawn: () => progress.push('drawn') }))
  t.equal(digest(built), digest(atOnce), 'every table holds the same rows')
  t.strictSame(built.dataset.info(), atOnce.dataset.info())
  t.ok(progress.length > 1 && progress.slice(0, -1).every((done) => typeof done === 'number' && done <= 2500), 'progress is reported from the worker')
  t.equal(progress.at(-1), 'drawn', 'and then that every booking is drawn, before the indexes are built')
})

t.test('a build that fails changes nothing, and leaves no file behind', async (t) => {
  const store = createStore(null)
  t.teardown(() => store.close())
  const small = generateDataset({ seed: 2, bookings: 30, referenceDate: REF })
  store.dataset.load(small)
  const before = store.bookings.get(small.bookings[0]!.id)
  let target = ''
  const missing = join(t.testdir(), 'missing.json')
  await t.rejects(store.dataset.replace(async (path) => {
    target = path
    await buildInWorker(path, { fixturesPath: missing, referenceDate: REF })
  }), /building the dataset failed|missing\.json/)
  t.notOk(existsSync(target), 'the half-built database is removed')
  t.equal(store.dataset.info().bookings, 30, 'the dataset loaded before is still there')
  t.strictSame(store.bookings.get(small.bookings[0]!.id), before)
})
