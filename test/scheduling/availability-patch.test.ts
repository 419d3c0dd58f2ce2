// What a PATCH of scheduling availability keeps and replaces (src/scheduling/availability-patch.ts):
// OnceHub overwrites each day and each date the body names, deletes a date whose
// working_hours is null, and keeps the rest.

import t from 'tap'
import { patchAvailability, withoutPastOverrides } from '../../src/scheduling/availability-patch.ts'
import type { SchedulingAvailability } from '../../src/scheduling/types.ts'

// OnceHub's own GET example.
const CURRENT: SchedulingAvailability = {
  object: 'schedule',
  timezone: 'America/Chicago',
  weekly: [
    {
      day: 'Monday',
      working_hours: [
        { start_time: '09:00', end_time: '12:00', locations: [{ type: 'online_dynamic_link', value: 'google_meet', id: null }] },
        { start_time: '13:00', end_time: '17:00', locations: [{ type: 'online_dynamic_link', value: 'zoom', id: null }, { type: 'in_person_by_host', value: '123 Office Street, New York, NY', id: 'ADD-K8E9X' }] }
      ]
    },
    { day: 'Wednesday', working_hours: [{ start_time: '10:00', end_time: '15:00', locations: [{ type: 'online_static_link', value: 'https://meet.example.com/team-meeting', id: null }] }] }
  ],
  overrides: [
    { date: '2025-11-27', day: 'Thursday', working_hours: [] },
    { date: '2025-12-24', day: 'Wednesday', working_hours: [{ start_time: '09:00', end_time: '12:00', locations: [{ type: 'online_dynamic_link', value: 'google_meet', id: null }] }] }
  ]
}
const NOW = Date.parse('2025-11-01T12:00:00Z')
const zoom = { type: 'online_dynamic_link', value: 'zoom', id: null } as const

t.test('OnceHub\'s example: Monday rewritten, Saturday cleared, Wednesday kept, a date added', async (t) => {
  const before = structuredClone(CURRENT)
  const patched = patchAvailability(CURRENT, {
    weekly: [
      { day: 'Saturday', working_hours: [] },
      { day: 'Monday', working_hours: [{ start_time: '10:00', end_time: '16:00', locations: [{ type: 'online_dynamic_link', value: 'zoom' }] }] }
    ],
    overrides: [{ date: '2025-12-25', working_hours: [{ start_time: '10:00', end_time: '12:00', locations: [{ type: 'online_dynamic_link', value: 'google_meet' }] }] }]
  }, NOW)
  t.strictSame(patched.weekly, [
    { day: 'Monday', working_hours: [{ start_time: '10:00', end_time: '16:00', locations: [zoom] }] },
    CURRENT.weekly[1],
    { day: 'Saturday', working_hours: [] }
  ], 'days in week order, Monday first; a cleared day stays, with []')
  t.strictSame(patched.overrides.map((o) => [o.date, o.day, o.working_hours.length]), [['2025-11-27', 'Thursday', 0], ['2025-12-24', 'Wednesday', 1], ['2025-12-25', 'Thursday', 1]])
  t.equal(patched.timezone, 'America/Chicago')
  t.equal(patched.object, 'schedule')
  t.strictSame(CURRENT, before, 'the stored availability is not changed in place')
})

t.test('an override is replaced by date, deleted with null, and a date never set deletes nothing', async (t) => {
  const patched = patchAvailability(CURRENT, {
    overrides: [
      { date: '2025-11-27', working_hours: [{ start_time: '08:00', end_time: '09:00', locations: [] }] },
      { date: '2025-12-24', working_hours: null },
      { date: '2026-01-02', working_hours: null }
    ]
  }, NOW)
  t.strictSame(patched.overrides, [{ date: '2025-11-27', day: 'Thursday', working_hours: [{ start_time: '08:00', end_time: '09:00', locations: [] }] }])
  t.strictSame(patched.weekly, CURRENT.weekly, 'weekly untouched')
})

t.test('an empty body changes nothing; overrides already past are dropped', async (t) => {
  t.strictSame(patchAvailability(CURRENT, {}, NOW), CURRENT)
  const later = Date.parse('2025-12-01T12:00:00Z')
  t.strictSame(patchAvailability(CURRENT, {}, later).overrides.map((o) => o.date), ['2025-12-24'])
  t.strictSame(withoutPastOverrides(CURRENT, later).overrides.map((o) => o.date), ['2025-12-24'], 'as GET shows it')
  t.strictSame(withoutPastOverrides(CURRENT, Date.parse('2025-11-27T23:00:00Z')).overrides.map((o) => o.date), ['2025-11-27', '2025-12-24'], 'today in Chicago stays')
})

t.test('ranges come back in order of start; touching ranges and 24:00 are accepted', async (t) => {
  const patched = patchAvailability(CURRENT, {
    weekly: [{
      day: 'Friday',
      working_hours: [
        { start_time: '18:00', end_time: '24:00', locations: [] },
        { start_time: '00:00', end_time: '09:00', locations: [] },
        { start_time: '09:00', end_time: '18:00', locations: [] }
      ]
    }]
  }, NOW)
  t.strictSame(patched.weekly.find((d) => d.day === 'Friday')?.working_hours.map((r) => `${r.start_time}-${r.end_time}`), ['00:00-09:00', '09:00-18:00', '18:00-24:00'])
})

t.test('locations take OnceHub\'s shape: fields a type does not use are dropped ("" for a value), a dynamic link gets a provider', async (t) => {
  const patched = patchAvailability(CURRENT, {
    weekly: [{
      day: 'Tuesday',
      working_hours: [{
        start_time: '09:00',
        end_time: '10:00',
        locations: [
          { type: 'online_dynamic_link', id: 'ADD-IGNORED' },
          { type: 'in_person_by_host', id: 'ADD-17SE9FWWOC', value: '1 Main St' },
          { type: 'phone_by_guest', value: '+12025550195', id: 'x' }
        ]
      }, {
        start_time: '10:00',
        end_time: '11:00',
        locations: [{ type: 'online_static_link', value: 'https://meet.example.com/room', id: 'x' }, { type: 'in_person_by_host', id: 'ADD-2' }]
      }]
    }]
  }, NOW)
  t.strictSame(patched.weekly.find((d) => d.day === 'Tuesday')?.working_hours.map((r) => r.locations), [
    [{ type: 'online_dynamic_link', value: 'google_meet', id: null }, { type: 'in_person_by_host', value: '1 Main St', id: 'ADD-17SE9FWWOC' }, { type: 'phone_by_guest', value: '', id: null }],
    [{ type: 'online_static_link', value: 'https://meet.example.com/room', id: null }, { type: 'in_person_by_host', value: '', id: 'ADD-2' }]
  ])
})

t.test('a GET answer\'s weekly and overrides, sent back, change nothing', async (t) => {
  const shown = withoutPastOverrides(CURRENT, NOW)
  const { weekly, overrides } = JSON.parse(JSON.stringify(shown)) as SchedulingAvailability
  t.strictSame(patchAvailability(CURRENT, { weekly, overrides }, NOW), shown)
})
