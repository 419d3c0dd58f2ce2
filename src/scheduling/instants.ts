// The project's reading of RFC 3339 date-times, for the scheduling requests: one
// place that names where it lives, while the project's folders are being renamed.

export { LAST_INSTANT, parseInstant } from '../fixtures/time.ts'
