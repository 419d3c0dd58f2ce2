// A meeting the control API makes or moves must end by the last instant the mock
// writes: a 400 naming the parameter otherwise. (Its date-times are read with
// time.ts's instantParam.)

import { errors } from '../errors.ts'
import { LAST_INSTANT, MINUTE } from '../time.ts'

/** Refuses a meeting of `minutes` from `start` that would end after the last instant the mock writes. */
export function checkMeetingEnd (start: number, minutes: number): void {
  if (start + minutes * MINUTE > LAST_INSTANT) throw errors.meetingTooLate()
}
