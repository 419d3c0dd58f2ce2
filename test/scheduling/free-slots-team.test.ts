// Team calendars (src/scheduling/free-slots.ts): a time is offered when any host is
// free, with the locations of the hosts free then; bookings of one host leave the
// others' times; the answer does not depend on the order hosts are given in.

import t from 'tap'
import { freeSlots, type SlotQuery } from '../../src/scheduling/free-slots.ts'
import type { AvailabilityLocation } from '../../src/scheduling/types.ts'
import { PHONE, STATIC, WEEKDAYS, WEBEX, ZOOM, availability, booking, host, hours, times } from './hosts.ts'

const OFFICE_2: AvailabilityLocation = { type: 'in_person_by_host', value: '2 High St', id: 'ADD-2' }
// 2026-06-01, a Monday: New York 09-17 EDT is 13:00Z-21:00Z, London 09-17 BST is 08:00Z-16:00Z.
const A = availability('America/New_York', WEEKDAYS, [hours('09:00-17:00', ZOOM)])
const B = availability('Europe/London', WEEKDAYS, [hours('09:00-17:00', OFFICE_2, PHONE)])
const MONDAY: SlotQuery = { from: Date.parse('2026-06-01T00:00:00Z'), to: Date.parse('2026-06-02T00:00:00Z'), now: 0, durationMinutes: 60 }
const at = (slots: ReturnType<typeof freeSlots>, time: string) => slots.find((s) => s.start_time.slice(11, 16) === time)?.locations

t.test('a time is offered when any host is free, with the union of the free hosts\' locations', async (t) => {
  const slots = freeSlots([host('USR-A', A), host('USR-B', B)], MONDAY)
  t.equal(slots[0]?.start_time, '2026-06-01T08:00:00.000Z', 'London opens first')
  t.equal(slots.at(-1)?.start_time, '2026-06-01T20:00:00.000Z', 'New York closes last')
  t.equal(slots.length, (20 - 8) * 4 + 1, 'one slot per time, however many hosts are free')
  t.strictSame(at(slots, '09:00'), [{ type: 'physical', value: null, id: 'ADD-2' }, { type: 'guest_phone', value: null, id: null }], 'London alone')
  t.strictSame(at(slots, '14:00'), [{ type: 'virtual', value: 'zoom', id: null }, { type: 'physical', value: null, id: 'ADD-2' }, { type: 'guest_phone', value: null, id: null }], 'both, virtual first')
  t.strictSame(at(slots, '16:00'), [{ type: 'virtual', value: 'zoom', id: null }], 'New York alone')
})

t.test('one host\'s booking leaves the other\'s times, with only their locations', async (t) => {
  const slots = freeSlots([host('USR-A', A, [booking('2026-06-01T13:00:00Z', 60)]), host('USR-B', B)], MONDAY)
  t.strictSame(at(slots, '13:00'), [{ type: 'physical', value: null, id: 'ADD-2' }, { type: 'guest_phone', value: null, id: null }])
  t.strictSame(at(slots, '14:00')?.map((l) => l.type), ['virtual', 'physical', 'guest_phone'], 'A free again when the booking ends')
  const bothBusy = freeSlots([host('USR-A', A, [booking('2026-06-01T13:00:00Z', 60)]), host('USR-B', B, [booking('2026-06-01T13:00:00Z', 60)])], MONDAY)
  t.notOk(times(bothBusy).includes('13:00'), 'gone when every host is taken')
  t.notOk(times(bothBusy).includes('12:15'), 'and so are the times whose meeting would reach into it')
})

t.test('a reassigned booking moves its hold from one host to the other at once', async (t) => {
  const meeting = booking('2026-06-01T14:00:00Z', 60)
  const before = freeSlots([host('USR-A', A, [meeting])], MONDAY)
  const after = freeSlots([host('USR-A', A, [])], MONDAY)
  t.notOk(times(before).includes('14:00'))
  t.ok(times(after).includes('14:00'), 'A\'s calendar offers the time again')
  t.strictSame(at(freeSlots([host('USR-A', A), host('USR-B', B, [meeting])], MONDAY), '14:00')?.map((l) => l.type), ['virtual'], 'and the team\'s offers only A\'s locations then')
})

t.test('the same location offered by two hosts is listed once; different providers each', async (t) => {
  const C = availability('America/New_York', WEEKDAYS, [hours('09:00-17:00', ZOOM, PHONE)])
  const D = availability('America/New_York', WEEKDAYS, [hours('09:00-17:00', WEBEX, STATIC)])
  t.strictSame(at(freeSlots([host('USR-A', A), host('USR-C', C)], MONDAY), '14:00'), [{ type: 'virtual', value: 'zoom', id: null }, { type: 'guest_phone', value: null, id: null }])
  t.strictSame(at(freeSlots([host('USR-A', A), host('USR-D', D)], MONDAY), '14:00'), [
    { type: 'virtual', value: 'zoom', id: null },
    { type: 'virtual', value: 'webex', id: null },
    { type: 'virtual_static', value: 'https://meet.example.com/room', id: null }
  ], 'in host ID order within a type')
})

t.test('the answer is the same whatever the order of hosts, and every time it is asked', async (t) => {
  const hosts = [host('USR-B', B, [booking('2026-06-01T10:00:00Z', 45)]), host('USR-A', A, [booking('2026-06-01T15:00:00Z', 30)])]
  const first = freeSlots(hosts, MONDAY)
  t.strictSame(freeSlots([...hosts].reverse(), MONDAY), first)
  t.strictSame(freeSlots(hosts, MONDAY), first)
})
