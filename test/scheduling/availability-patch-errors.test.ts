// Every refusal of a PATCH of scheduling availability (src/scheduling/availability-*.ts):
// OnceHub's documented bodies word for word, then the mock's own, in the same shape.

import t from 'tap'
import { patchAvailability } from '../../src/scheduling/availability-patch.ts'
import type { SchedulingAvailability } from '../../src/scheduling/types.ts'
import { documented, refusal, refusalOf, type Refusal } from './documented-errors.ts'

const CURRENT: SchedulingAvailability = { object: 'schedule', timezone: 'America/Chicago', weekly: [], overrides: [] }
const NOW = Date.parse('2026-03-10T15:00:00Z')
const PATCH = 'patch_user_scheduling_availability'

const zoom = { type: 'online_dynamic_link', value: 'zoom' }
const range = (start: string, end: string, locations: unknown[] = [zoom]) => ({ start_time: start, end_time: end, locations })
const monday = (...hours: unknown[]) => ({ weekly: [{ day: 'Monday', working_hours: hours }] })
const onDate = (date: string, ...hours: unknown[]) => ({ overrides: [{ date, working_hours: hours }] })
const withLocations = (...locations: unknown[]) => monday(range('09:00', '10:00', locations))
const bad = (param: string, detail: string) => refusal(400, `Invalid ${param}: ${detail}.`, param)
const missing = (param: string) => refusal(400, `Missing required param: ${param}.`, param)
const unknown = (param: string) => refusal(400, `Received unknown parameter: ${param}`, param)
const timeFormat = (param: string) => refusal(400, `Invalid time format for ${param}. Expected format: HH:MM`, param)
const LOCATION_TYPES = 'in_person_by_host, online_dynamic_link, online_static_link, phone_by_guest'
const PROVIDERS = 'google_meet, microsoft_teams, gotomeeting, webex, zoom'

const CASES: Array<{ name: string, body: unknown, now?: number, zone?: string, error: Refusal }> = [
  // Documented by OnceHub, word for word.
  { name: 'overlapping ranges', body: monday(range('09:00', '11:00'), range('10:00', '12:00')), error: documented(PATCH, 400, "availability range is overlapping: '09:00-11:00'") },
  { name: 'overlapping ranges, listed later first', body: monday(range('10:00', '12:00'), range('09:00', '11:00')), error: documented(PATCH, 400, "availability range is overlapping: '09:00-11:00'") },
  { name: 'a start off the quarter hour', body: monday(range('09:05', '11:00')), error: documented(PATCH, 400, "start time should be multiple of 15: '09:05'") },
  { name: 'a past date', body: onDate('2024-01-01'), error: documented(PATCH, 400, "Date cannot be in the past: '2024-01-01'") },
  { name: 'a day given twice', body: { weekly: [{ day: 'Monday', working_hours: [] }, { day: 'Monday', working_hours: [range('09:00', '10:00')] }] }, error: documented(PATCH, 400, "Duplicate entry for day or date: 'Monday'") },
  { name: 'dynamic and static links together', body: withLocations(zoom, { type: 'online_static_link', value: 'https://meet.example.com/x' }), error: documented(PATCH, 422, 'You can set either online_dynamic_link or online_static_link') },
  // The same rules, on other fields: OnceHub's texts, the mock's params.
  { name: 'a range inside another', body: monday(range('09:00', '17:00'), range('10:00', '11:00')), error: refusal(400, "availability range is overlapping: '09:00-17:00'", 'weekly.working_hours') },
  { name: 'overlapping ranges of a date', body: onDate('2026-03-20', range('13:00', '15:00'), range('14:45', '16:00')), error: refusal(400, "availability range is overlapping: '13:00-15:00'", 'overrides.working_hours') },
  { name: 'a start off the quarter hour on a date', body: onDate('2026-03-20', range('13:10', '15:00')), error: refusal(400, "start time should be multiple of 15: '13:10'", 'overrides.working_hours.start_time') },
  { name: 'a date given twice', body: { overrides: [{ date: '2026-03-20', working_hours: [] }, { date: '2026-03-20', working_hours: null }] }, error: refusal(400, "Duplicate entry for day or date: '2026-03-20'", 'overrides') },
  { name: 'yesterday in the user\'s zone', body: onDate('2026-03-09'), error: refusal(400, "Date cannot be in the past: '2026-03-09'", 'overrides.date') },
  { name: 'yesterday in Tokyo, today in UTC', body: onDate('2026-03-10'), zone: 'Asia/Tokyo', now: Date.parse('2026-03-10T20:00:00Z'), error: refusal(400, "Date cannot be in the past: '2026-03-10'", 'overrides.date') },
  { name: 'deleting a past override', body: { overrides: [{ date: '2026-03-01', working_hours: null }] }, error: refusal(400, "Date cannot be in the past: '2026-03-01'", 'overrides.date') },
  { name: 'dynamic and static links on a date', body: onDate('2026-03-20', range('09:00', '10:00', [{ type: 'online_static_link', value: 'https://x.example' }, zoom])), error: refusal(422, 'You can set either online_dynamic_link or online_static_link', 'overrides.working_hours.locations') },
  // Decided by the mock.
  { name: 'an end off the quarter hour', body: monday(range('09:00', '17:10')), error: refusal(400, "end time should be multiple of 15: '17:10'", 'weekly.working_hours.end_time') },
  { name: 'an end before the start', body: monday(range('11:00', '09:00')), error: refusal(400, "end time should be after start time: '11:00-09:00'", 'weekly.working_hours.end_time') },
  { name: 'an empty range', body: monday(range('09:00', '09:00')), error: refusal(400, "end time should be after start time: '09:00-09:00'", 'weekly.working_hours.end_time') },
  { name: 'an end of 00:00', body: monday(range('22:00', '00:00')), error: refusal(400, "end time should be after start time: '22:00-00:00'", 'weekly.working_hours.end_time') },
  { name: 'a start of 24:00', body: monday(range('24:00', '24:00')), error: timeFormat('weekly.working_hours.start_time') },
  { name: 'an end after 24:00', body: monday(range('23:00', '24:15')), error: timeFormat('weekly.working_hours.end_time') },
  ...['9:00', '09:00:00', '25:00', '09:60', '0900', ' 09:00', ''].map((time) => ({ name: `start '${time}'`, body: monday(range(time, '17:00')), error: timeFormat('weekly.working_hours.start_time') })),
  { name: 'a start that is a number', body: monday({ start_time: 900, end_time: '17:00', locations: [] }), error: timeFormat('weekly.working_hours.start_time') },
  { name: 'a malformed end on a date', body: onDate('2026-03-20', range('09:00', '5pm')), error: timeFormat('overrides.working_hours.end_time') },
  ...['monday', 'Mon', 'MONDAY', ''].map((day) => ({ name: `day '${day}'`, body: { weekly: [{ day, working_hours: [] }] }, error: refusal(400, `Invalid day: '${day}'. Use one of Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday.`, 'weekly.day') })),
  { name: 'a day that is a number', body: { weekly: [{ day: 1, working_hours: [] }] }, error: refusal(400, "Invalid day: '1'. Use one of Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday.", 'weekly.day') },
  ...['2026-3-20', '2026-02-30', '2026-13-01', '20260320', '2026-03-20T00:00:00Z'].map((date) => ({ name: `date '${date}'`, body: onDate(date), error: refusal(400, 'Invalid date format for overrides.date. Expected format: YYYY-MM-DD', 'overrides.date') })),
  { name: 'a date that is a number', body: { overrides: [{ date: 20260320, working_hours: [] }] }, error: refusal(400, 'Invalid date format for overrides.date. Expected format: YYYY-MM-DD', 'overrides.date') },
  { name: 'a day beside a date that is not its', body: { overrides: [{ date: '2026-03-20', day: 'Monday', working_hours: [] }] }, error: refusal(400, "Invalid overrides.day: 'Monday'. 2026-03-20 is a Friday.", 'overrides.day') },
  { name: 'an unknown location type', body: withLocations({ type: 'skype' }), error: refusal(400, `Invalid location type: 'skype'. Use one of ${LOCATION_TYPES}.`, 'weekly.working_hours.locations.type') },
  { name: 'a time slot\'s location type', body: withLocations({ type: 'virtual', value: 'zoom' }), error: refusal(400, `Invalid location type: 'virtual'. Use one of ${LOCATION_TYPES}.`, 'weekly.working_hours.locations.type') },
  { name: 'a location type given twice', body: withLocations(zoom, { type: 'online_dynamic_link', value: 'webex' }), error: refusal(400, "Duplicate location type: 'online_dynamic_link'", 'weekly.working_hours.locations') },
  { name: 'an address without its ID', body: withLocations({ type: 'in_person_by_host', value: '1 Main St' }), error: missing('weekly.working_hours.locations.id') },
  { name: 'an address with an empty ID', body: withLocations({ type: 'in_person_by_host', id: '' }), error: missing('weekly.working_hours.locations.id') },
  { name: 'a static link without its URL', body: withLocations({ type: 'online_static_link' }), error: missing('weekly.working_hours.locations.value') },
  ...['ftp://meet.example.com/x', 'meet.example.com/x', 'https://meet.example.com/a b', 'https://'].map((url) => ({ name: `static link '${url}'`, body: withLocations({ type: 'online_static_link', value: url }), error: refusal(400, `Invalid online_static_link URL: '${url}'. Use an absolute http or https URL.`, 'weekly.working_hours.locations.value') })),
  { name: 'an unknown video provider', body: withLocations({ type: 'online_dynamic_link', value: 'skype' }), error: refusal(400, `Invalid video conferencing provider: 'skype'. Use one of ${PROVIDERS}.`, 'weekly.working_hours.locations.value') },
  { name: 'a location ID that is a number', body: withLocations({ type: 'in_person_by_host', id: 5 }), error: bad('weekly.working_hours.locations.id', 'must be a string') },
  // Missing, mistyped and unknown fields.
  { name: 'no day', body: { weekly: [{ working_hours: [] }] }, error: missing('weekly.day') },
  { name: 'no working hours for a day', body: { weekly: [{ day: 'Monday' }] }, error: missing('weekly.working_hours') },
  { name: 'null working hours for a day', body: { weekly: [{ day: 'Monday', working_hours: null }] }, error: bad('weekly.working_hours', 'must be an array') },
  { name: 'no start', body: monday({ end_time: '10:00', locations: [] }), error: missing('weekly.working_hours.start_time') },
  { name: 'no end', body: monday({ start_time: '09:00', locations: [] }), error: missing('weekly.working_hours.end_time') },
  { name: 'no locations', body: monday({ start_time: '09:00', end_time: '10:00' }), error: missing('weekly.working_hours.locations') },
  { name: 'locations not a list', body: monday(range('09:00', '10:00', zoom as unknown as unknown[])), error: bad('weekly.working_hours.locations', 'must be an array') },
  { name: 'a location not an object', body: withLocations('zoom'), error: bad('weekly.working_hours.locations', 'must be an object') },
  { name: 'a location without a type', body: withLocations({ value: 'zoom' }), error: missing('weekly.working_hours.locations.type') },
  { name: 'no date', body: { overrides: [{ working_hours: [] }] }, error: missing('overrides.date') },
  { name: 'no working hours for a date', body: { overrides: [{ date: '2026-03-20' }] }, error: missing('overrides.working_hours') },
  { name: 'weekly null', body: { weekly: null }, error: bad('weekly', 'must be an array') },
  { name: 'weekly an object', body: { weekly: { day: 'Monday', working_hours: [] } }, error: bad('weekly', 'must be an array') },
  { name: 'overrides null', body: { overrides: null }, error: bad('overrides', 'must be an array') },
  { name: 'a day not an object', body: { weekly: ['Monday'] }, error: bad('weekly', 'must be an object') },
  { name: 'the time zone', body: { timezone: 'Europe/London' }, error: unknown('timezone') },
  { name: 'the answer\'s object field', body: { object: 'schedule', weekly: [] }, error: unknown('object') },
  { name: 'an unknown field of a day', body: { weekly: [{ day: 'Monday', working_hours: [], enabled: true }] }, error: unknown('weekly.enabled') },
  { name: 'an unknown field of a range', body: monday({ ...range('09:00', '10:00'), time_zone: 'UTC' }), error: unknown('weekly.working_hours.time_zone') },
  { name: 'an unknown field of a location', body: withLocations({ ...zoom, name: 'Zoom' }), error: unknown('weekly.working_hours.locations.name') },
  { name: 'an unknown field of a date', body: { overrides: [{ date: '2026-03-20', working_hours: [], all_day: true }] }, error: unknown('overrides.all_day') },
  { name: 'a list for a body', body: [], error: refusal(400, 'The request body must be a JSON object.') },
  { name: 'null for a body', body: null, error: refusal(400, 'The request body must be a JSON object.') },
  // The first error in the body's order is the one answered.
  { name: 'weekly before overrides', body: { overrides: [{ date: '2024-01-01', working_hours: [] }], weekly: [{ day: 'Funday', working_hours: [] }] }, error: refusal(400, "Invalid day: 'Funday'. Use one of Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday.", 'weekly.day') }
]

t.test('each bad PATCH gets its error, with its status, message and param', async (t) => {
  for (const { name, body, now, zone, error } of CASES) {
    const current = { ...CURRENT, timezone: zone ?? CURRENT.timezone }
    t.strictSame(refusalOf(() => patchAvailability(current, body, now ?? NOW)), error, name)
  }
})

t.test('today in the user\'s zone is not past, though UTC has moved on', async (t) => {
  // 03:00Z on the 10th is 22:00 on the 9th in Chicago.
  const patched = patchAvailability(CURRENT, onDate('2026-03-09'), Date.parse('2026-03-10T03:00:00Z'))
  t.strictSame(patched.overrides.map((o) => o.date), ['2026-03-09'])
})
