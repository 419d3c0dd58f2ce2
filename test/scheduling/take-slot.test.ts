// The schedule request's check (src/scheduling/take-slot.ts): OnceHub's refusals of a
// time that is no free slot and the mock's of a location the slot lacks; which host
// takes a team calendar's booking; and agreement with the time-slots answer.

import t from 'tap'
import { freeSlots, takeSlotBusyWindow } from '../../src/scheduling/free-slots.ts'
import { takeSlot, type SlotRequest } from '../../src/scheduling/take-slot.ts'
import type { AvailabilityLocation, HostSchedule, SlotLocationType } from '../../src/scheduling/types.ts'
import { documented, refusal, refusalOf } from './documented-errors.ts'
import { OFFICE, PHONE, STATIC, WEEKDAYS, ZOOM, availability, booking, host, hours } from './hosts.ts'

// 2026-06-01, a Monday; New York is UTC-4: 09:00 local is 13:00Z.
const A = availability('America/New_York', WEEKDAYS, [hours('09:00-12:00', ZOOM), hours('13:00-17:00', ZOOM, OFFICE, PHONE)])
const NOW = Date.parse('2026-06-01T12:00:00Z')
const ask = (start: string, location: SlotRequest['location'] = null, now = NOW): SlotRequest => ({ start: Date.parse(start), durationMinutes: 30, now, location })
const loc = (type: SlotLocationType, value: string | null = null) => ({ type, value })
const UNAVAILABLE = documented('book-a-time-slot-for-a-booking-calendar', 400, 'The selected start time is not available.')
const NO_LOCATION = refusal(400, 'The selected location is not available at this start time.', 'location')

t.test('a free slot is taken by its host, with a virtual location when none is asked for', async (t) => {
  t.strictSame(takeSlot([host('USR-A', A)], ask('2026-06-01T13:00:00Z')), { host: 'USR-A', location: { type: 'virtual', value: 'zoom', id: null } })
  t.strictSame(takeSlot([host('USR-A', A)], ask('2026-06-01T20:30:00Z')), { host: 'USR-A', location: { type: 'virtual', value: 'zoom', id: null } }, 'the last slot of the day')
  t.throws(() => takeSlot([host('USR-A', A)], { ...ask('2026-06-01T13:00:00Z'), durationMinutes: 0 }), RangeError, 'a meeting with no length')
})

t.test('a time that is no free slot gets OnceHub\'s refusal', async (t) => {
  const cases: Array<[string, HostSchedule[], SlotRequest]> = [
    ['off the 15-minute grid', [host('USR-A', A)], ask('2026-06-01T13:05:00Z')],
    ['a millisecond off the grid', [host('USR-A', A)], ask('2026-06-01T13:00:00.001Z')],
    ['before working hours', [host('USR-A', A)], ask('2026-06-01T12:45:00Z', null, 0)],
    ['running past the end of working hours', [host('USR-A', A)], ask('2026-06-01T20:45:00Z')],
    ['across the lunch break', [host('USR-A', A)], { ...ask('2026-06-01T15:30:00Z'), durationMinutes: 60 }],
    ['on a Saturday', [host('USR-A', A)], ask('2026-06-06T14:00:00Z')],
    ['in the past', [host('USR-A', A)], ask('2026-06-01T13:00:00Z', null, Date.parse('2026-06-01T13:00:00.001Z'))],
    ['taken by a booking', [host('USR-A', A, [booking('2026-06-01T13:15:00Z', 30)])], ask('2026-06-01T13:00:00Z')],
    ['not a time', [host('USR-A', A)], { ...ask('2026-06-01T13:00:00Z'), start: Number.NaN }],
    ['a calendar without hosts', [], ask('2026-06-01T13:00:00Z')]
  ]
  for (const [name, hosts, request] of cases) t.strictSame(refusalOf(() => takeSlot(hosts, request)), UNAVAILABLE, name)
  t.strictSame(takeSlot([host('USR-A', A)], ask('2026-06-01T13:00:00Z', null, Date.parse('2026-06-01T13:00:00Z'))).host, 'USR-A', 'a slot starting now')
  t.strictSame(takeSlot([host('USR-A', A, [booking('2026-06-01T12:30:00Z', 30)])], ask('2026-06-01T13:00:00Z')).host, 'USR-A', 'right after a booking')
})

t.test('only a location the slot offers is taken', async (t) => {
  const morning = '2026-06-01T13:00:00Z'
  const afternoon = '2026-06-01T17:00:00Z'
  const hosts = [host('USR-A', A)]
  t.strictSame(refusalOf(() => takeSlot(hosts, ask(morning, loc('physical')))), NO_LOCATION, 'the office is offered in the afternoon only')
  t.strictSame(takeSlot(hosts, ask(afternoon, loc('physical', 'ADD-1'))).location, { type: 'physical', value: null, id: 'ADD-1' })
  t.strictSame(takeSlot(hosts, ask(afternoon, loc('physical'))).location, { type: 'physical', value: null, id: 'ADD-1' }, 'any address')
  t.strictSame(refusalOf(() => takeSlot(hosts, ask(afternoon, loc('physical', 'ADD-2')))), NO_LOCATION, 'another address')
  t.strictSame(takeSlot(hosts, ask(morning, loc('virtual', 'zoom'))).location, { type: 'virtual', value: 'zoom', id: null })
  t.strictSame(refusalOf(() => takeSlot(hosts, ask(morning, loc('virtual', 'webex')))), NO_LOCATION, 'another provider')
  t.strictSame(refusalOf(() => takeSlot(hosts, ask(morning, loc('virtual_static')))), NO_LOCATION, 'no static link')
  t.strictSame(takeSlot(hosts, ask(afternoon, loc('guest_phone', '+12025550195'))).location, { type: 'guest_phone', value: '+12025550195', id: null }, 'held on the guest\'s number')
  const staticHost = [host('USR-S', availability('UTC', WEEKDAYS, [hours('09:00-17:00', STATIC)]))]
  t.strictSame(takeSlot(staticHost, ask('2026-06-01T14:00:00Z')).location, { type: 'virtual_static', value: 'https://meet.example.com/room', id: null }, 'a static link when no dynamic one')
  t.strictSame(takeSlot(staticHost, ask('2026-06-01T14:00:00Z', loc('virtual_static'))).location?.type, 'virtual_static')
  const bare = [host('USR-N', availability('UTC', WEEKDAYS, [hours('09:00-17:00')]))]
  t.strictSame(takeSlot(bare, ask('2026-06-01T14:00:00Z')), { host: 'USR-N', location: null }, 'no location offered, none asked')
  t.strictSame(refusalOf(() => takeSlot(bare, ask('2026-06-01T14:00:00Z', loc('virtual')))), NO_LOCATION)
  const officeOnly = [host('USR-O', availability('UTC', WEEKDAYS, [hours('09:00-17:00', PHONE, OFFICE)]))]
  t.strictSame(takeSlot(officeOnly, ask('2026-06-01T14:00:00Z')).location, { type: 'physical', value: null, id: 'ADD-1' }, 'no virtual one: the first offered')
})

t.test('of free hosts, the one with the fewest bookings that local day takes it; ties go to the lowest ID', async (t) => {
  const utc = (...locations: AvailabilityLocation[]) => availability('UTC', WEEKDAYS, [hours('09:00-17:00', ...locations)])
  const start = '2026-06-01T12:00:00Z'
  t.equal(takeSlot([host('USR-B', utc(ZOOM)), host('USR-A', utc(ZOOM))], ask(start)).host, 'USR-A', 'a tie')
  t.equal(takeSlot([host('USR-A', utc(ZOOM), [booking('2026-06-01T09:00:00Z', 30)]), host('USR-B', utc(ZOOM))], ask(start)).host, 'USR-B', 'A has a booking that day')
  t.equal(takeSlot([host('USR-A', utc(ZOOM), [booking('2026-05-29T09:00:00Z', 30), booking('2026-06-02T09:00:00Z', 30)]), host('USR-B', utc(ZOOM), [booking('2026-06-01T16:00:00Z', 30)])], ask(start)).host, 'USR-A', 'other days do not count')
  t.equal(takeSlot([host('USR-A', utc(ZOOM)), host('USR-B', utc(ZOOM), [booking(start, 30)])], ask(start)).host, 'USR-A', 'a busy host is never chosen')
  t.equal(takeSlot([host('USR-A', utc(ZOOM)), host('USR-B', utc(OFFICE))], ask(start, loc('physical'))).host, 'USR-B', 'only B offers the office')
  t.strictSame(takeSlot([host('USR-A', utc(OFFICE)), host('USR-B', utc(ZOOM), [booking('2026-06-01T09:00:00Z', 30)])], ask(start)), { host: 'USR-B', location: { type: 'virtual', value: 'zoom', id: null } }, 'no location asked: a host with a virtual one, though busier')
  // In Tokyo (+9) 2026-06-01T16:00Z is already June 2nd: A's booking at 10:00Z on the 1st is another local day.
  const tokyo = availability('Asia/Tokyo', ['Monday', 'Tuesday'], [hours('00:00-24:00', ZOOM)])
  t.equal(takeSlot([host('USR-A', tokyo, [booking('2026-06-01T10:00:00Z', 30)]), host('USR-B', tokyo, [booking('2026-06-01T17:00:00Z', 30)])], ask('2026-06-01T16:00:00Z')).host, 'USR-A', 'days are the host\'s own')
})

t.test('every slot offered can be taken with each of its locations; every other grid time is refused', async (t) => {
  const B = availability('Europe/London', WEEKDAYS, [hours('09:00-17:00', OFFICE, PHONE)])
  const hosts = [host('USR-A', A, [booking('2026-06-01T14:00:00Z', 45)]), host('USR-B', B, [booking('2026-06-01T13:00:00Z', 60)])]
  const from = Date.parse('2026-06-01T00:00:00Z')
  const slots = freeSlots(hosts, { from, to: from + 86_400_000, now: NOW, durationMinutes: 30 })
  const offered = new Set(slots.map((s) => Date.parse(s.start_time)))
  const wrong: string[] = []
  for (const slot of slots) {
    for (const l of slot.locations) {
      const value = l.type === 'physical' ? l.id : l.type === 'guest_phone' ? '+442071838750' : l.value
      const outcome = refusalOf(() => takeSlot(hosts, { ...ask(slot.start_time, { type: l.type, value }) }))
      if (outcome !== 'did not throw') wrong.push(`${slot.start_time} ${l.type}: ${JSON.stringify(outcome)}`)
    }
  }
  for (let start = from; start < from + 86_400_000; start += 15 * 60_000) {
    if (!offered.has(start) && refusalOf(() => takeSlot(hosts, { start, durationMinutes: 30, now: NOW, location: null })) === 'did not throw') wrong.push(`${new Date(start).toISOString()} taken, not offered`)
  }
  t.strictSame(wrong, [])
  t.ok(slots.length > 20, 'with slots to check')
})

t.test('the bookings the check needs: the host\'s whole local day around the meeting', async (t) => {
  const start = Date.parse('2026-06-01T12:00:00Z')
  t.strictSame(takeSlotBusyWindow(start, 30), { from: start - 27 * 3_600_000, to: start + 30 * 60_000 + 27 * 3_600_000 })
})
