// Where a booking is made and who hosts it, kept as coherent as seeded bookings are
// (docs/where-the-mock-decides.md): a booking-page booking belongs to its page's
// owner, who is its only host; only a booking-calendar booking has co-hosts, and the
// first host is always the owner. Every user named must exist and be active.

import { errors } from '../errors.ts'
import type { Store } from '../store/store.ts'
import type { User } from '../store/types.ts'

/** The parts of a booking that say where it was made and by whom; IDs, as the control API takes them. */
export interface PlacementInput {
  owner?: string
  hosts?: string[]
  booking_page?: string
  booking_calendar?: string
}

/** Where a booking is made, checked: its owner, page or calendar, hosts, and what its page offers. */
export interface Placement {
  owner: User
  booking_page: string
  booking_calendar: string
  hosts: string[]
  /** The master pages that hold the page and the event types it offers (none on a booking calendar). */
  offers: { master_pages: string[], event_types: string[] }
}

/** Chooses one of some IDs (never called with none). */
export type Choose = (ids: readonly string[]) => string

/**
 * Resolves `input` into a coherent placement. What it leaves out is derived: the
 * owner from the page (or the first host, or `defaultOwner`), the page from the
 * owner's pages with `choose`.
 */
export function placeBooking (store: Store, input: PlacementInput, choose: Choose, defaultOwner: () => string): Placement {
  const hosts = (input.hosts ?? []).map((id) => activeUser(store, id, 'hosts'))
  if (input.owner !== undefined) existingUser(store, input.owner, 'owner')
  const calendar = input.booking_calendar ?? ''
  if (calendar !== '') {
    if (input.booking_page) throw errors.invalidValue('booking_page', 'a booking-calendar booking has no booking page')
    const owner = activeUser(store, input.owner ?? hosts[0]?.id ?? defaultOwner(), input.owner !== undefined ? 'owner' : 'hosts')
    return { owner, booking_page: '', booking_calendar: calendar, hosts: hostList(owner, hosts), offers: { master_pages: [], event_types: [] } }
  }
  if (input.booking_page === '') throw errors.invalidValue('booking_page', 'a booking with no booking_calendar is made on a booking page')

  let page = input.booking_page
  let owner: User
  if (page !== undefined) {
    if (store.account.get('booking_pages', page) === undefined) throw errors.noSuchObject('booking page', page, 'booking_page')
    const pageOwner = store.account.bookingPageLinks(page)!.owner
    if (input.owner !== undefined && input.owner !== pageOwner) throw errors.invalidValue('owner', `booking page '${page}' belongs to '${pageOwner}'`)
    owner = activeUser(store, pageOwner, 'booking_page')
  } else {
    owner = activeUser(store, input.owner ?? hosts[0]?.id ?? defaultOwner(), input.owner !== undefined || hosts.length === 0 ? 'owner' : 'hosts')
    const pages = store.account.bookingPagesOf(owner.id)
    if (pages.length === 0) throw errors.invalidValue('owner', `'${owner.id}' owns no booking page`)
    page = choose(pages)
  }
  if (hosts.length > 1) throw errors.invalidValue('hosts', 'only a booking-calendar booking has co-hosts')
  const { master_pages: masterPages, event_types: eventTypes } = store.account.bookingPageLinks(page)!
  return { owner, booking_page: page, booking_calendar: '', hosts: hostList(owner, hosts), offers: { master_pages: masterPages, event_types: eventTypes } }
}

/**
 * The ID a booking of `placement` has for `field` (`master_page` or `event_type`):
 * `given` must exist and be offered by the page; left out, it is `fallback`.
 */
export function offered (store: Store, placement: Placement, field: 'master_page' | 'event_type', given: string | null | undefined, fallback: (ids: readonly string[]) => string | null): string | null {
  const ids = field === 'master_page' ? placement.offers.master_pages : placement.offers.event_types
  if (given === undefined) return fallback(ids)
  if (given === null) return null
  const exists = field === 'master_page' ? store.account.get('master_pages', given) : store.account.get('event_types', given)
  if (exists === undefined) throw errors.noSuchObject(field.replace('_', ' '), given, field)
  if (placement.booking_page === '') throw errors.invalidValue(field, 'a booking-calendar booking has none')
  if (!ids.includes(given)) {
    throw errors.invalidValue(field, field === 'master_page'
      ? `'${given}' does not hold booking page '${placement.booking_page}'`
      : `booking page '${placement.booking_page}' does not offer '${given}'`)
  }
  return given
}

function existingUser (store: Store, id: string, param: string): User {
  const user = store.account.get('users', id)
  // A deleted user counts as inactive, as reassign has it.
  if (user === undefined && store.account.redacted('users', id) !== undefined) throw errors.userInactive(param)
  if (user === undefined) throw errors.noSuchObject('user', id, param)
  return user
}

// Only active users host bookings, as reassign requires of its new host.
function activeUser (store: Store, id: string, param: string): User {
  const user = existingUser(store, id, param)
  if (user.status !== 'active') throw errors.userInactive(param)
  return user
}

function hostList (owner: User, hosts: readonly User[]): string[] {
  if (hosts.length === 0) return [owner.id]
  if (hosts[0]!.id !== owner.id) throw errors.invalidValue('hosts', `the first host must be the owner, '${owner.id}'`)
  return hosts.map((host) => host.id)
}
