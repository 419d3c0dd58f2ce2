// The scheduling errors OnceHub documents (src/errors.ts) give its bodies and
// statuses exactly, as its contract shows them.

import t from 'tap'
import { errors } from '../../src/errors.ts'
import { documented, refusalOf } from './documented-errors.ts'

const SLOTS = 'get-available-time-slots-for-booking-calendar'
const SCHEDULE = 'book-a-time-slot-for-a-booking-calendar'
const PATCH = 'patch_user_scheduling_availability'
const GET = 'get_user_scheduling_availability'

const CASES = [
  [() => errors.slotsEndBeforeStart(), documented(SLOTS, 400, 'End time must be after the start time.')],
  [() => errors.unpublishedCalendarSlots(), documented(SLOTS, 422, 'Time slots cannot be retrieved from an unpublished booking calendar.')],
  [() => errors.unpublishedCalendarSchedule(), documented(SCHEDULE, 422, 'Meeting cannot be scheduled on an unpublished booking calendar.')],
  [() => errors.requiredFormFields(), documented(SCHEDULE, 400, 'Required fields are missing.')],
  [() => errors.slotUnavailable(), documented(SCHEDULE, 400, 'The selected start time is not available.')],
  [() => errors.availabilityOverlap('09:00-11:00', 'weekly.working_hours'), documented(PATCH, 400, "availability range is overlapping: '09:00-11:00'")],
  [() => errors.startNotQuarterHour('09:05', 'weekly.working_hours.start_time'), documented(PATCH, 400, "start time should be multiple of 15: '09:05'")],
  [() => errors.dateInPast('2024-01-01'), documented(PATCH, 400, "Date cannot be in the past: '2024-01-01'")],
  [() => errors.duplicateDayOrDate('Monday', 'weekly'), documented(PATCH, 400, "Duplicate entry for day or date: 'Monday'")],
  [() => errors.dynamicAndStaticLink('weekly.working_hours.locations'), documented(PATCH, 422, 'You can set either online_dynamic_link or online_static_link')],
  [() => errors.invalidDateFormat('overrides_start_time'), documented(GET, 400, 'Invalid date format for overrides_start_time. Expected format: YYYY-MM-DD')]
] as const

t.test('each documented scheduling error is OnceHub\'s, word for word', async (t) => {
  for (const [make, expected] of CASES) t.strictSame(refusalOf(() => { throw make() }), expected, expected.body.message)
})
