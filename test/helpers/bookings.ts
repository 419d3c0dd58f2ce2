// What the booking tests share: an app on a frozen clock, bookings made through the
// control API in any status, and the bodies of the errors they expect.

import type { Test } from 'tap'
import { client, type Client } from './app.ts'

export const NOW = '2026-01-10T12:00:00Z'
export const FUTURE = '2026-01-12T15:00:00Z'
export const PAST = '2026-01-08T09:00:00Z'
export const PAID = { amount_charged: 5000, currency: 'USD', transaction_id: 'ch_3MmlLrLkdIwHu7ix0snN0B15' }
export const STATUSES = ['requested', 'scheduled', 'rescheduled', 'completed', 'canceled', 'no_show'] as const
export type Status = typeof STATUSES[number]

/** A POST with a JSON body, or with none when `payload` is undefined. */
export const post = async (api: Client, url: string, payload?: unknown) =>
  await api.request({ method: 'POST', url, payload: payload as object, headers: payload === undefined ? {} : { 'content-type': 'application/json' } })

/** Sets the mock's clock; its answer. */
export async function setClock (api: Client, body: object): Promise<any> {
  const res = await post(api, '/_mock/clock', body)
  if (res.statusCode !== 200) throw new Error(res.body)
  return res.json()
}

/** An app whose clock stands still at NOW. */
export async function frozenApi (t: Test, env: Record<string, string> = {}): Promise<Client> {
  const api = await client(t, env)
  await setClock(api, { now: NOW, frozen: true })
  return api
}

/** A booking in `status`: ended (PAST) when the status needs it, else in the FUTURE. */
export async function create (api: Client, status: Status, extra: Record<string, unknown> = {}): Promise<any> {
  const ended = status === 'completed' || status === 'no_show'
  const res = await post(api, '/_mock/bookings', { status, starting_time: ended ? PAST : FUTURE, duration_minutes: 30, ...extra })
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json()
}

/** The ID of a booking calendar of the dataset, for bookings made on one. */
export async function someCalendar (api: Client): Promise<string> {
  return (await api.get('/v2/booking-calendars?limit=1')).json().data[0].id
}

/** The body of a 409 about the booking in the path. */
export const conflict = (message: string) => ({ type: 'invalid_request_error', message, param: 'id' })

export interface User { id: string, email: string }

/** Two active users who own booking pages: bookings are owned by one and reassigned to the other. */
export function activeUsers (api: Client): [User, User] {
  const owners = api.app.store.account.pageOwners()
  const [a, b] = [owners.at(0), owners.at(1)]
  if (a === undefined || b === undefined) throw new Error('the dataset has fewer than two active users')
  return [a, b]
}
