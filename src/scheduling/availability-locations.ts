// The locations of one working-hours range in a PATCH of scheduling availability,
// checked as OnceHub documents them: one of four types, each type at most once,
// never both kinds of online link, an ID for an address and a URL for a static link.

import { errors } from '../errors.ts'
import { AVAILABILITY_LOCATION_TYPES, VIDEO_PROVIDERS, type AvailabilityLocation, type AvailabilityLocationType } from './types.ts'
import { arrayOf, objectOf, optionalString, required } from './body-shape.ts'

/** The provider of a dynamic link sent without one (docs/where-the-mock-decides.md). */
export const DEFAULT_VIDEO_PROVIDER = 'google_meet'

/** The `locations` of a range, at `param` (`weekly.working_hours.locations`), checked and in OnceHub's shape. */
export function readLocations (value: unknown, param: string): AvailabilityLocation[] {
  const locations = arrayOf(value, param).map((item) => readLocation(item, param))
  const seen = new Set<AvailabilityLocationType>()
  for (const { type } of locations) {
    if (seen.has(type)) throw errors.duplicateLocationType(type, param)
    seen.add(type)
  }
  if (seen.has('online_dynamic_link') && seen.has('online_static_link')) throw errors.dynamicAndStaticLink(param)
  return locations
}

function readLocation (item: unknown, param: string): AvailabilityLocation {
  const location = objectOf(item, param, ['type', 'id', 'value'])
  const type = required(location, 'type', `${param}.type`)
  if (typeof type !== 'string' || !(AVAILABILITY_LOCATION_TYPES as readonly string[]).includes(type)) {
    throw errors.invalidLocationType(String(type), `${param}.type`, AVAILABILITY_LOCATION_TYPES)
  }
  const id = optionalString(location.id, `${param}.id`)
  const value = optionalString(location.value, `${param}.value`)
  // OnceHub: `id` and `value` are "only used" by the types below; others drop them.
  // A value a location lacks is "", as the mock writes every absent string.
  switch (type as AvailabilityLocationType) {
    case 'in_person_by_host':
      if (id === null || id === '') throw errors.missingParameter(`${param}.id`)
      return { type: 'in_person_by_host', value: value ?? '', id }
    case 'online_static_link':
      if (value === null || value === '') throw errors.missingParameter(`${param}.value`)
      if (!isMeetingUrl(value)) throw errors.invalidMeetingUrl(value, `${param}.value`)
      return { type: 'online_static_link', value, id: null }
    case 'online_dynamic_link':
      if (value !== null && !(VIDEO_PROVIDERS as readonly string[]).includes(value)) {
        throw errors.invalidVideoProvider(value, `${param}.value`, VIDEO_PROVIDERS)
      }
      return { type: 'online_dynamic_link', value: value ?? DEFAULT_VIDEO_PROVIDER, id: null }
    case 'phone_by_guest':
      return { type: 'phone_by_guest', value: '', id: null }
  }
}

function isMeetingUrl (value: string): boolean {
  if (/\s/.test(value)) return false
  try {
    const url = new URL(value)
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== ''
  } catch {
    return false
  }
}
