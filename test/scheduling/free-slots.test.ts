// The free start times of one host (src/scheduling/free-slots.ts): the slot grid,
// working hours and their end, bookings and what their end frees, the clock, the
// range and its 30-day bound, and overrides.

import t from 'tap'
import { freeSlots, slotsBusyWindow, type SlotQuery } from '../../src/scheduling/free-slots.ts'
import type { BusyInterval, TimeSlot } from '../../src/scheduling/types.ts'
import { EVERY_DAY, OFFICE, WEEKDAYS, ZOOM, PHONE, availability, booking, host, hours, quarterHours, times } from './hosts.ts'

// New York, 2026-06-01 is a Monday, EDT (UTC-4): 09:00 local is 13:00Z.
const NEW_YORK = availability('America/New_York', WEEKDAYS, [hours('09:00-12:00', ZOOM), hours('13:00-17:00', ZOOM, OFFICE)])
const MONDAY: SlotQuery = { from: Date.parse('2026-06-01T00:00:00Z'), to: Date.parse('2026-06-02T00:00:00Z'), now: 0, durationMinutes: 30 }
const slotsWith = (busy: BusyInterval[], query: Partial<SlotQuery> = {}) => freeSlots([host('USR-A', NEW_YORK, busy)], { ...MONDAY, ...query })

t.test('slots start every 15 minutes from the start of each range, while the meeting fits in it', async (t) => {
  const slots = slotsWith([])
  t.strictSame(times(slots), [...quarterHours('13:00', '15:30'), ...quarterHours('17:00', '20:30')])
  t.equal(slots[0]?.start_time, '2026-06-01T13:00:00.000Z', 'ISO 8601 with milliseconds, as OnceHub writes it')
  t.strictSame(slots[0]?.locations, [{ type: 'virtual', value: 'zoom', id: null }], 'the morning\'s locations')
  t.strictSame(slots.at(-1)?.locations, [{ type: 'virtual', value: 'zoom', id: null }, { type: 'physical', value: null, id: 'ADD-1' }], 'the afternoon\'s')
})

t.test('the last slot ends exactly when working hours do', async (t) => {
  t.equal(slotsWith([]).at(-1)?.start_time, '2026-06-01T20:30:00.000Z', '16:30 for 30 minutes')
  t.equal(slotsWith([], { durationMinutes: 60 }).at(-1)?.start_time, '2026-06-01T20:00:00.000Z', '16:00 for an hour')
  t.equal(slotsWith([], { durationMinutes: 240 }).length, 1, 'a meeting as long as a range fits once')
  t.equal(slotsWith([], { durationMinutes: 241 }).length, 0, 'a longer one never')
  t.notOk(times(slotsWith([], { durationMinutes: 60 })).includes('15:30'), 'nor across two ranges (11:30 + 1 h)')
})

t.test('a booking removes the slots it overlaps; its end frees the next', async (t) => {
  const morning = (busy: BusyInterval[]) => times(slotsWith(busy)).filter((time) => time < '16:00')
  t.strictSame(morning([booking('2026-06-01T14:00:00Z', 30)]), ['13:00', '13:15', '13:30', '14:30', '14:45', '15:00', '15:15', '15:30'], '10:00-10:30 taken')
  t.strictSame(morning([booking('2026-06-01T14:00:00Z', 20)]), ['13:00', '13:15', '13:30', '14:30', '14:45', '15:00', '15:15', '15:30'], 'ending at 10:20, the next grid time is 10:30')
  t.strictSame(morning([booking('2026-06-01T14:00:00Z', 30), booking('2026-06-01T14:30:00Z', 30)]), ['13:00', '13:15', '13:30', '15:00', '15:15', '15:30'], 'back-to-back bookings')
  t.strictSame(morning([booking('2026-06-01T12:00:00Z', 80)]), quarterHours('13:30', '15:30'), 'a booking from before working hours')
  t.strictSame(morning([booking('2026-06-01T13:00:00Z', 180)]), [], 'a booking filling the range')
  t.strictSame(morning([{ start: Date.parse('2026-06-01T14:00:00Z'), end: Date.parse('2026-06-01T14:00:00Z') }]), quarterHours('13:00', '15:30'), 'an empty interval takes nothing')
  const all = slotsWith([booking('2026-06-01T14:00:00Z', 30)])
  t.equal(all.length, slotsWith([]).length - 3, 'a 30-minute booking on the grid takes three 30-minute slots')
})

t.test('no slot starts before the clock; one starting at it is offered', async (t) => {
  t.equal(slotsWith([], { now: Date.parse('2026-06-01T14:07:00Z') })[0]?.start_time, '2026-06-01T14:15:00.000Z', 'now 10:07, first 10:15')
  t.equal(slotsWith([], { now: Date.parse('2026-06-01T14:15:00Z') })[0]?.start_time, '2026-06-01T14:15:00.000Z', 'now 10:15 exactly')
  t.equal(slotsWith([], { now: Date.parse('2026-06-01T16:00:00Z') })[0]?.start_time, '2026-06-01T17:00:00.000Z', 'now at lunch: the afternoon')
  t.strictSame(slotsWith([], { now: Date.parse('2026-06-02T00:00:00Z') }), [], 'now after the range')
})

t.test('slots start in [from, to), aligned on the range, not on from; they may end after to', async (t) => {
  t.strictSame(times(slotsWith([], { from: Date.parse('2026-06-01T14:00:00Z'), to: Date.parse('2026-06-01T15:00:00Z') })), ['14:00', '14:15', '14:30', '14:45'])
  t.strictSame(times(slotsWith([], { from: Date.parse('2026-06-01T14:07:00Z'), to: Date.parse('2026-06-01T14:40:00Z') })), ['14:15', '14:30'])
  t.strictSame(times(slotsWith([], { from: Date.parse('2026-06-01T15:30:00Z'), to: Date.parse('2026-06-01T15:30:00.001Z') })), ['15:30'])
})

t.test('a meeting length off the quarter hour keeps the 15-minute grid', async (t) => {
  t.strictSame(times(slotsWith([], { durationMinutes: 50 })).filter((time) => time < '16:00'), quarterHours('13:00', '15:00'))
})

t.test('overrides: a day off, other hours on a date; weekends off', async (t) => {
  const withOverrides = availability('America/New_York', WEEKDAYS, [hours('09:00-17:00', ZOOM)], [
    { date: '2026-06-02', day: 'Tuesday', working_hours: [] },
    { date: '2026-06-03', day: 'Wednesday', working_hours: [hours('14:00-15:00', PHONE)] },
    { date: '2026-06-06', day: 'Saturday', working_hours: [hours('10:00-11:00', ZOOM)] }
  ])
  const week = freeSlots([host('USR-A', withOverrides)], { from: Date.parse('2026-06-01T00:00:00Z'), to: Date.parse('2026-06-08T00:00:00Z'), now: 0, durationMinutes: 60 })
  const byDate: Record<string, TimeSlot[]> = {}
  for (const slot of week) (byDate[slot.start_time.slice(0, 10)] ??= []).push(slot)
  t.strictSame(Object.keys(byDate), ['2026-06-01', '2026-06-03', '2026-06-04', '2026-06-05', '2026-06-06'], 'no Tuesday, no Sunday')
  t.strictSame(byDate['2026-06-03'], [{ start_time: '2026-06-03T18:00:00.000Z', locations: [{ type: 'guest_phone', value: null, id: null }] }], 'Wednesday: 14:00-15:00 by phone')
  t.strictSame(times(byDate['2026-06-06'] ?? []), ['14:00'], 'a Saturday given hours')
  t.equal(byDate['2026-06-01']?.length, 29, 'Monday: 09:00 to 16:00')
})

t.test('the range spans at most 30 days', async (t) => {
  const from = Date.parse('2026-06-01T00:00:00Z')
  const month = freeSlots([host('USR-A', NEW_YORK)], { from, to: from + 30 * 86_400_000, now: 0, durationMinutes: 30 })
  t.equal(month.length, 22 * 26, '22 weekdays of 26 slots')
  t.throws(() => freeSlots([host('USR-A', NEW_YORK)], { from, to: from + 30 * 86_400_000 + 1, now: 0, durationMinutes: 30 }), RangeError)
  t.throws(() => freeSlots([host('USR-A', NEW_YORK)], { from, to: from + 1, now: 0, durationMinutes: 0 }), RangeError)
  t.throws(() => freeSlots([host('USR-A', NEW_YORK)], { from, to: Number.NaN, now: 0, durationMinutes: 30 }), RangeError)
  t.strictSame(slotsBusyWindow({ from, to: from + 1000, durationMinutes: 30 }), { from, to: from + 1000 + 30 * 60_000 }, 'the bookings a caller fetches')
})

t.test('a user with no hours, or hours every day in UTC', async (t) => {
  t.strictSame(freeSlots([host('USR-A', availability('UTC', [], []))], MONDAY), [])
  t.equal(freeSlots([host('USR-A', availability('UTC', EVERY_DAY, [hours('00:00-24:00')]))], MONDAY).length, 24 * 4 - 1, 'a whole day, 30-minute meetings')
  t.strictSame(freeSlots([], MONDAY), [], 'a calendar without hosts')
})
