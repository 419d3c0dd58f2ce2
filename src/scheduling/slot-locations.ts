// How the locations of working hours show in time slots. Availability and slots
// name them differently (OnceHub's own examples): a dynamic link is `virtual` with
// its provider, a static link `virtual_static` with its URL, an in-person address
// `physical` with its ID in `id` and no value, and a phone call `guest_phone`, whose
// number the guest gives when booking, so the slot has none.

import { SLOT_LOCATION_TYPES, type AvailabilityLocation, type RequestedLocation, type SlotLocation } from './types.ts'

/** The slot location offered by a location of working hours. */
export function slotLocation (location: AvailabilityLocation): SlotLocation {
  switch (location.type) {
    case 'online_dynamic_link': return { type: 'virtual', value: location.value, id: null }
    case 'online_static_link': return { type: 'virtual_static', value: location.value, id: null }
    case 'in_person_by_host': return { type: 'physical', value: null, id: location.id }
    case 'phone_by_guest': return { type: 'guest_phone', value: null, id: null }
  }
}

const key = (location: SlotLocation): string => `${location.type}\u0000${location.value ?? ''}\u0000${location.id ?? ''}`

/**
 * The slot locations of several ranges (one per free host), each once: by type in
 * the order of OnceHub's example (virtual, virtual_static, physical, guest_phone),
 * then in the order the ranges are given.
 */
export function unionOfLocations (lists: ReadonlyArray<readonly AvailabilityLocation[]>): SlotLocation[] {
  const seen = new Map<string, SlotLocation>()
  for (const list of lists) {
    for (const location of list) {
      const slot = slotLocation(location)
      const id = key(slot)
      if (!seen.has(id)) seen.set(id, slot)
    }
  }
  return [...seen.values()].sort((a, b) => SLOT_LOCATION_TYPES.indexOf(a.type) - SLOT_LOCATION_TYPES.indexOf(b.type))
}

/**
 * Whether an offered slot location is the one asked for. A value must match what
 * the slot shows: the provider of `virtual`, the URL of `virtual_static`, the
 * address ID of `physical`; a missing or null value matches any of the type. A
 * `guest_phone` value is the guest's own number, so the type alone decides.
 */
export function matchesLocation (offered: SlotLocation, asked: RequestedLocation): boolean {
  if (offered.type !== asked.type) return false
  if (asked.value === null || asked.type === 'guest_phone') return true
  return asked.type === 'physical' ? offered.id === asked.value : offered.value === asked.value
}

/**
 * The location a booking without one gets, among those a slot offers. OnceHub: "if
 * omitted, a virtual location will be selected"; the mock takes the first `virtual`,
 * else the first `virtual_static`, else the first offered, else none.
 */
export function defaultLocation (offered: readonly SlotLocation[]): SlotLocation | null {
  return offered.find((l) => l.type === 'virtual') ?? offered.find((l) => l.type === 'virtual_static') ?? offered[0] ?? null
}
