// The times the control API's requests carry, checked: an RFC 3339 date-time, and a
// meeting that ends by the last instant the mock writes. Each refusal is a 400
// naming the parameter.

import { errors } from '../errors.ts'
import { LAST_INSTANT, MINUTE, parseInstant } from '../time.ts'

/** parseInstant for the date-time parameter `name` of a request: 400 naming it when the value is not one. */
export function instantParam (name: string, value: string): number {
  const ms = parseInstant(value)
  if (ms === undefined) throw errors.invalidDateTime(name, value)
  return ms
}

/** Refuses a meeting of `minutes` from `start` that would end after the last instant the mock writes. */
export function checkMeetingEnd (start: number, minutes: number): void {
  if (start + minutes * MINUTE > LAST_INSTANT) throw errors.meetingTooLate()
}
