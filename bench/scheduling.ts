// Issue 19's measure: the latency of single scheduling requests to a running server,
// one after another: a booking calendar's time slots over the documented maximum
// range (30 days), and booking a slot. Its target is the time-slots answer within
// 5 ms at p99, with 1,000 or 100,000 bookings in the store.
//
// The client is one kept-alive connection that reads every answer into one reused
// buffer and counts its bytes, after a warm-up. Any client that allocates per read
// has its own collector's pauses timed as the server's: fetch's work on a 300 kB
// answer is about a millisecond; node:http's client paused 1 to 3 ms for a full
// collection every 15 or so answers (its read buffers count as external memory).

import net from 'node:net'
import { getJson } from './scenarios.ts'
import { API_KEY } from './subjects.ts'

// A client sends Content-Type on bodyless requests too.
const REQUEST_HEADERS = `api-key: ${API_KEY}\r\ncontent-type: application/json\r\n`
const WARM_UP = 50

/** p50 and p99 of single requests, in milliseconds, and how many were timed. */
export interface Latency {
  p50: number
  p99: number
  count: number
}

/** The time-slots and booking latencies of the server at `url`, over `requests` of each. */
export async function schedulingLatency (url: string, requests: number): Promise<{ slots: Latency, book: Latency }> {
  const connection = await connect(url)
  const send = connection.send
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
  connection.close()
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

interface Connection {
  /** Sends one request; resolves with its status once the whole answer has been read (and dropped). */
  send: (method: string, path: string, body?: string) => Promise<number>
  close: () => void
}

/** A kept-alive HTTP/1.1 connection to `url`, one request at a time; answers must have a Content-Length. */
async function connect (url: string): Promise<Connection> {
  const { host, hostname, port } = new URL(url)
  const readBuffer = Buffer.allocUnsafe(1 << 20)
  let waiting: { resolve: (status: number) => void, reject: (error: Error) => void } | undefined
  let head = '' // the answer's head, read so far (latin1: a character per byte)
  let status = 0
  let remaining = -1 // the body's bytes still to come; -1 while the head is read
  const answered = (outcome: number | Error) => {
    const done = waiting
    waiting = undefined
    head = ''
    remaining = -1
    if (typeof outcome === 'number') done?.resolve(outcome)
    else done?.reject(outcome)
  }
  const read = (count: number): boolean => {
    let body = count
    if (remaining < 0) {
      head += readBuffer.toString('latin1', 0, count)
      const end = head.indexOf('\r\n\r\n')
      if (end < 0) return true
      const length = /\r\ncontent-length: *(\d+)/i.exec(head.slice(0, end))?.[1]
      if (length === undefined) {
        answered(new Error(`an answer without a Content-Length: ${head.slice(0, 200)}`))
        return true
      }
      status = Number(head.slice('HTTP/1.1 '.length, 'HTTP/1.1 200'.length))
      body = head.length - end - 4
      remaining = Number(length)
    }
    remaining -= body
    if (remaining === 0) answered(status)
    return true
  }
  const socket = net.connect({ host: hostname, port: Number(port), onread: { buffer: readBuffer, callback: read } })
  socket.on('error', (error) => answered(error))
  socket.on('close', () => answered(new Error('the server closed the connection')))
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject))
  return {
    send: async (method, path, body = '') => await new Promise((resolve, reject) => {
      waiting = { resolve, reject }
      socket.write(`${method} ${path} HTTP/1.1\r\nhost: ${host}\r\n${REQUEST_HEADERS}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
    }),
    close: () => socket.destroy()
  }
}
