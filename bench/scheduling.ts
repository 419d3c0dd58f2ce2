// Issue 19's measure: the latency of single scheduling requests to a running server,
// one after another: a booking calendar's time slots over the documented maximum
// range (30 days), and booking a slot. Its target is the time-slots answer within
// 5 ms at p99, with 1,000 or 100,000 bookings in the store.
//
// The client is node:http on one kept-alive connection, reading the answer without
// keeping it, after a warm-up: fetch's own work on a 230 kB answer (about a
// millisecond, and its garbage) would be timed as the server's otherwise.

import http from 'node:http'

const HEADERS = { 'api-key': 'bench', 'content-type': 'application/json' }
const WARM_UP = 50

/** p50 and p99 of single requests, in milliseconds, and how many were timed. */
export interface Latency {
  p50: number
  p99: number
  count: number
}

/** The time-slots and booking latencies of the server at `url`, over `requests` of each. */
export async function schedulingLatency (url: string, requests: number): Promise<{ slots: Latency, book: Latency }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const send = async (method: string, path: string, body?: string) => await request(agent, new URL(path, url), method, body)
  const calendars = (await getJson(url, '/v2/booking-calendars?limit=100')).data as Array<{ id: string, published: boolean }>
  // The calendar with the most slots: its hosts' hours and bookings are what is measured.
  let best: { id: string, slots: Array<{ start_time: string }> } | undefined
  for (const calendar of calendars.filter((c) => c.published)) {
    const slots = await getJson(url, slotsPath(calendar.id)) as Array<{ start_time: string }>
    if (best === undefined || slots.length > best.slots.length) best = { id: calendar.id, slots }
  }
  if (best === undefined || best.slots.length === 0) throw new Error('no booking calendar has free slots to measure')
  const { id, slots } = best
  const slotsRequest = async () => {
    const status = await send('GET', slotsPath(id))
    if (status !== 200) throw new Error(`time slots answered ${status}`)
  }
  for (let i = 0; i < WARM_UP; i++) await slotsRequest()
  const slotTimes = await timed(requests, slotsRequest)
  // Each booking takes a slot no other took: every other slot, so that meetings never overlap.
  const free = slots.filter((_, i) => i % 8 === 0).slice(0, requests)
  let n = 0
  const bookTimes = await timed(free.length, async () => {
    const slot = free[n++]!
    const body = { start_time: slot.start_time, guest_time_zone: 'Europe/London', booking_form: { name: `Bench Guest ${n}`, email: `bench${n}@example.org` } }
    const status = await send('POST', `/v2/booking-calendars/${id}/schedule`, JSON.stringify(body))
    // A slot a co-hosted seeded booking took meanwhile would be refused: counted, not timed as a booking.
    if (status !== 200 && status !== 400) throw new Error(`schedule answered ${status}`)
  })
  agent.destroy()
  return { slots: slotTimes, book: bookTimes }
}

function slotsPath (calendar: string): string {
  const from = new Date(Date.now() + 60_000)
  const to = new Date(from.getTime() + 30 * 86_400_000)
  return `/v2/booking-calendars/${calendar}/time-slots?start_time=${from.toISOString()}&end_time=${to.toISOString()}`
}

async function timed (count: number, request: () => Promise<void>): Promise<Latency> {
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    const started = performance.now()
    await request()
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN
  return { p50: at(0.5), p99: at(0.99), count: times.length }
}

/** One request on `agent`; resolves with its status once the whole answer has been read (and dropped). */
async function request (agent: http.Agent, target: URL, method: string, body?: string): Promise<number> {
  return await new Promise((resolve, reject) => {
    const req = http.request(target, { method, agent, headers: HEADERS }, (res) => {
      res.on('data', () => {})
      res.on('end', () => resolve(res.statusCode ?? 0))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

async function getJson (url: string, path: string): Promise<any> {
  const res = await fetch(url + path, { headers: HEADERS })
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}`)
  return await res.json()
}
