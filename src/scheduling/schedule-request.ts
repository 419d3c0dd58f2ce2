// The body of POST /v2/booking-calendars/{id}/schedule, checked: a start time, the
// guest's IANA time zone, a booking form with a name and an email (OnceHub's
// `Required fields are missing.`) and custom fields by name, and an optional location.

import { errors } from '../errors.ts'
import { isE164, isEmail, isTimeZone } from '../formats.ts'
import { instantParam } from '../time.ts'
import { SLOT_LOCATION_TYPES, VIDEO_PROVIDERS, type RequestedLocation, type SlotLocationType } from './types.ts'
import { checkKeys, isObject, objectOf, optionalString, required } from './body-shape.ts'

/** The guest's answers: name and email, a phone if given, and custom fields by their mapped names. */
export interface BookingFormAnswers {
  name: string
  email: string
  phone: string | null
  custom: Record<string, string | string[]>
}

/** A schedule request, read. */
export interface ScheduleRequest {
  start: number
  guestTimeZone: string
  form: BookingFormAnswers
  location: RequestedLocation | null
}

/** Reads a schedule request's body; throws the first error found, field by field. */
export function readScheduleRequest (body: unknown): ScheduleRequest {
  if (!isObject(body)) throw errors.bodyNotObject()
  checkKeys(body, ['start_time', 'guest_time_zone', 'booking_form', 'location'])
  const startText = required(body, 'start_time', 'start_time')
  if (typeof startText !== 'string') throw errors.invalidDateTime('start_time', String(startText))
  const start = instantParam('start_time', startText)
  const zone = required(body, 'guest_time_zone', 'guest_time_zone')
  if (!isTimeZone(zone)) throw errors.unknownTimeZone(String(zone))
  // OnceHub's one text for a form without its name or email, or no form at all.
  if (body.booking_form === undefined || body.booking_form === null) throw errors.requiredFormFields()
  const form = readForm(body.booking_form)
  const location = body.location === undefined || body.location === null ? null : readLocation(body.location, form.phone)
  return { start, guestTimeZone: zone, form, location }
}

function readForm (value: unknown): BookingFormAnswers {
  if (!isObject(value)) throw errors.invalidValue('booking_form', 'must be an object')
  const { name, email, phone, ...rest } = value
  for (const [key, field] of [['name', name], ['email', email]] as const) {
    if (field !== undefined && field !== null && typeof field !== 'string') throw errors.invalidValue(`booking_form.${key}`, 'must be a string')
  }
  if (typeof name !== 'string' || name.trim() === '' || typeof email !== 'string' || email.trim() === '') throw errors.requiredFormFields()
  if (!isEmail(email)) throw errors.invalidValue('booking_form.email', `'${email}' is not an email address`)
  const custom: Record<string, string | string[]> = {}
  for (const [key, field] of Object.entries(rest)) {
    // OnceHub: a Text or single-select question takes a string, a multi-select one an array of strings.
    if (typeof field === 'string' || (Array.isArray(field) && field.every((v) => typeof v === 'string'))) custom[key] = field
    else throw errors.invalidValue(`booking_form.${key}`, 'must be a string or an array of strings')
  }
  return { name, email, phone: optionalString(phone, 'booking_form.phone'), custom }
}

function readLocation (value: unknown, formPhone: string | null): RequestedLocation {
  const location = objectOf(value, 'location', ['type', 'value'])
  const type = required(location, 'type', 'location.type')
  if (typeof type !== 'string' || !(SLOT_LOCATION_TYPES as readonly string[]).includes(type)) {
    throw errors.invalidLocationType(String(type), 'location.type', SLOT_LOCATION_TYPES)
  }
  const given = optionalString(location.value, 'location.value')
  switch (type as SlotLocationType) {
    case 'virtual':
      if (given !== null && !(VIDEO_PROVIDERS as readonly string[]).includes(given)) {
        throw errors.invalidVideoProvider(given, 'location.value', VIDEO_PROVIDERS)
      }
      return { type: 'virtual', value: given }
    case 'guest_phone': {
      // The number to call: the location's, else the form's phone.
      const phone = given ?? formPhone
      if (phone === null) throw errors.missingParameter('location.value')
      if (!isE164(phone)) throw errors.invalidGuestPhone(phone)
      return { type: 'guest_phone', value: phone }
    }
    default:
      return { type: type as SlotLocationType, value: given }
  }
}
