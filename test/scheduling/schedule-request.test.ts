// The schedule request's body (src/scheduling/schedule-request.ts): what it reads,
// and each refusal, OnceHub's `Required fields are missing.` word for word.

import t from 'tap'
import { readScheduleRequest } from '../../src/scheduling/schedule-request.ts'
import { documented, refusal, refusalOf, type Refusal } from './documented-errors.ts'

const FORM = { name: 'Ada Lovelace', email: 'ada@example.com' }
const BODY = { start_time: '2026-06-01T13:00:00.000Z', guest_time_zone: 'Europe/London', booking_form: FORM }
const MISSING_FIELDS = documented('book-a-time-slot-for-a-booking-calendar', 400, 'Required fields are missing.')
const missing = (param: string) => refusal(400, `Missing required param: ${param}.`, param)
const bad = (param: string, detail: string) => refusal(400, `Invalid ${param}: ${detail}.`, param)
const zone = (value: string) => refusal(400, `Invalid guest_time_zone: '${value}' is not an IANA time zone such as America/New_York.`, 'guest_time_zone')

t.test('a full request is read: form fields, custom fields by name, the location', async (t) => {
  t.strictSame(readScheduleRequest({
    ...BODY,
    booking_form: { ...FORM, phone: '+12025550195', company_size: '11-50', interests: ['pricing', 'api'] },
    location: { type: 'virtual', value: 'zoom' }
  }), {
    start: Date.parse('2026-06-01T13:00:00Z'),
    guestTimeZone: 'Europe/London',
    form: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+12025550195', custom: { company_size: '11-50', interests: ['pricing', 'api'] } },
    location: { type: 'virtual', value: 'zoom' }
  })
  t.strictSame(readScheduleRequest(BODY).location, null, 'no location: OnceHub picks a virtual one')
  t.strictSame(readScheduleRequest({ ...BODY, location: null }).location, null)
  t.strictSame(readScheduleRequest({ ...BODY, location: { type: 'physical', value: 'ADD-1' } }).location, { type: 'physical', value: 'ADD-1' })
  t.strictSame(readScheduleRequest({ ...BODY, location: { type: 'virtual_static', value: null } }).location, { type: 'virtual_static', value: null })
  t.strictSame(readScheduleRequest({ ...BODY, location: { type: 'guest_phone', value: '+442071838750' } }).location, { type: 'guest_phone', value: '+442071838750' })
  t.strictSame(readScheduleRequest({ ...BODY, booking_form: { ...FORM, phone: '+442071838750' }, location: { type: 'guest_phone' } }).location, { type: 'guest_phone', value: '+442071838750' }, 'the form\'s phone when the location has none')
  t.equal(readScheduleRequest({ ...BODY, guest_time_zone: 'Asia/Kolkata' }).guestTimeZone, 'Asia/Kolkata')
})

const CASES: Array<[string, unknown, Refusal]> = [
  ['no name', { ...BODY, booking_form: { email: FORM.email } }, MISSING_FIELDS],
  ['no email', { ...BODY, booking_form: { name: FORM.name } }, MISSING_FIELDS],
  ['an empty form', { ...BODY, booking_form: {} }, MISSING_FIELDS],
  ['a blank name', { ...BODY, booking_form: { ...FORM, name: '  ' } }, MISSING_FIELDS],
  ['an empty email', { ...BODY, booking_form: { ...FORM, email: '' } }, MISSING_FIELDS],
  ['a null name', { ...BODY, booking_form: { ...FORM, name: null } }, MISSING_FIELDS],
  ['no start_time', { guest_time_zone: 'UTC', booking_form: FORM }, missing('start_time')],
  ['no guest_time_zone', { start_time: BODY.start_time, booking_form: FORM }, missing('guest_time_zone')],
  ['no booking_form', { start_time: BODY.start_time, guest_time_zone: 'UTC' }, MISSING_FIELDS],
  ['a start in words', { ...BODY, start_time: 'tomorrow 9am' }, refusal(400, "Invalid start_time: 'tomorrow 9am' is not an RFC 3339 date-time such as 2026-01-31T09:00:00Z, in years 0000 to 9999.", 'start_time')],
  ['a start as a number', { ...BODY, start_time: 1780000000 }, refusal(400, "Invalid start_time: '1780000000' is not an RFC 3339 date-time such as 2026-01-31T09:00:00Z, in years 0000 to 9999.", 'start_time')],
  ...['Mars/Olympus', '+05:30', 'GMT+5', 'Eastern Time', ''].map((value): [string, unknown, Refusal] => [`zone '${value}'`, { ...BODY, guest_time_zone: value }, zone(value)]),
  ['a zone as a number', { ...BODY, guest_time_zone: 5 }, zone('5')],
  ['a form that is a string', { ...BODY, booking_form: 'Ada' }, bad('booking_form', 'must be an object')],
  ['a name that is a number', { ...BODY, booking_form: { ...FORM, name: 5 } }, bad('booking_form.name', 'must be a string')],
  ['an email that is none', { ...BODY, booking_form: { ...FORM, email: 'ada' } }, bad('booking_form.email', "'ada' is not an email address")],
  ['a phone that is a number', { ...BODY, booking_form: { ...FORM, phone: 2025550195 } }, bad('booking_form.phone', 'must be a string')],
  ['a custom field that is a number', { ...BODY, booking_form: { ...FORM, seats: 3 } }, bad('booking_form.seats', 'must be a string or an array of strings')],
  ['a custom list with a number', { ...BODY, booking_form: { ...FORM, topics: ['a', 1] } }, bad('booking_form.topics', 'must be a string or an array of strings')],
  ['an unknown parameter', { ...BODY, notes: 'hi' }, refusal(400, 'Received unknown parameter: notes', 'notes')],
  ['a location without a type', { ...BODY, location: { value: 'zoom' } }, missing('location.type')],
  ['an availability location type', { ...BODY, location: { type: 'online_dynamic_link' } }, refusal(400, "Invalid location type: 'online_dynamic_link'. Use one of virtual, virtual_static, physical, guest_phone.", 'location.type')],
  ['an unknown field of the location', { ...BODY, location: { type: 'virtual', id: 'x' } }, refusal(400, 'Received unknown parameter: location.id', 'location.id')],
  ['a location that is a string', { ...BODY, location: 'zoom' }, bad('location', 'must be an object')],
  ['an unknown provider', { ...BODY, location: { type: 'virtual', value: 'skype' } }, refusal(400, "Invalid video conferencing provider: 'skype'. Use one of google_meet, microsoft_teams, gotomeeting, webex, zoom.", 'location.value')],
  ['a phone call without a number', { ...BODY, location: { type: 'guest_phone' } }, missing('location.value')],
  ['a phone number not in E.164', { ...BODY, location: { type: 'guest_phone', value: '202-555-0195' } }, refusal(400, "Invalid location.value: '202-555-0195'. Use the guest's phone number in E.164 format, such as +12025550195.", 'location.value')],
  ['a body that is a list', [], refusal(400, 'The request body must be a JSON object.')]
]

t.test('each bad request gets its error', async (t) => {
  for (const [name, body, error] of CASES) t.strictSame(refusalOf(() => readScheduleRequest(body)), error, name)
})
