// One-time links: made for a published booking calendar or a master page, kept, and
// used up by the one booking made through them.

import { freeDerivedId } from '../ids.ts'
import type { OneTimeLinkRecord } from '../store/scheduling.ts'
import type { Store } from '../store/store.ts'
import { timestamp } from '../time.ts'

/** What a link is made from: what it books, and for a calendar, what the booking is given. */
export interface LinkInput {
  /** A booking calendar's or a master page's ID. */
  target: string
  /** true: a short link with no query parameters; false: the form's answers and UTM parameters in its query. */
  hideUrlParams: boolean
  bookingForm?: Record<string, unknown>
  utmParams?: Record<string, string | null>
}

/** Makes and keeps a link; answers as OnceHub does: its ID, URL and creation time. */
export function createLink (store: Store, input: LinkInput): { id: string, url: string, creation_time: string } {
  const now = store.clock.now()
  // As in OnceHub's examples: 12 characters on oncehub.com for a calendar, 8 on go.oncehub.com for a master page.
  const calendar = input.target.startsWith('BKC-')
  const id = freeDerivedId('', calendar ? 12 : 8, (n) => `${input.target} ${now} ${n}`, (candidate) => store.scheduling.link(candidate) === undefined)
  const base = calendar ? `https://oncehub.com/.${id}` : `https://go.oncehub.com/.${id}`
  const query = new URLSearchParams()
  if (!input.hideUrlParams) {
    for (const [name, value] of Object.entries(input.bookingForm ?? {})) for (const item of [value].flat()) query.append(name, String(item))
    for (const [name, value] of Object.entries(input.utmParams ?? {})) if (value !== null) query.append(`utm_${name}`, value)
  }
  const link: OneTimeLinkRecord = {
    id,
    target: input.target,
    url: query.size === 0 ? base : `${base}?${query.toString()}`,
    creation_time: timestamp(now),
    booking_form: input.bookingForm ?? null,
    utm_params: input.utmParams ?? null,
    booking: null
  }
  store.scheduling.createLink(link)
  return { id: link.id, url: link.url, creation_time: link.creation_time }
}
