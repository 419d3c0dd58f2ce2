// A real HTTP receiver on 127.0.0.1 for webhook tests: it records every delivery
// and answers as the test tells it (a status, a delay, a hold until the test lets
// go, or a dropped connection).

import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Test } from 'tap'
import { schemaViolations } from './contract.ts'
import { oncehubWebhookViolations } from './oncehub.ts'

export interface Received {
  headers: IncomingHttpHeaders
  body: string
  json: any
}

export type Answer = { status: number, delayMs?: number, until?: Promise<void> } | { drop: true }

export interface Receiver {
  url: string
  received: Received[]
  /** How many deliveries it has answered. */
  answered: number
  /** How to answer the next deliveries, in turn; then `fallback`. */
  answers: Answer[]
  fallback: Answer
  /** Queues an answer that waits until `release` is called: the delivery stays in flight till then. */
  hold(): () => void
  /** Resolves once `count` deliveries have arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>
  close(): Promise<void>
}

/**
 * Starts a receiver; close it when the test ends. While test `t` runs, every
 * delivery's body is checked against openapi.yaml's WebhookEvent and OnceHub's
 * payload schema for its event type.
 */
export async function startReceiver (t?: Test): Promise<Receiver> {
  const received: Received[] = []
  const waiters: Array<() => void> = []
  const receiver: Receiver = {
    url: '',
    received,
    answered: 0,
    answers: [],
    fallback: { status: 200 },
    hold: () => {
      let release = () => {}
      receiver.answers.push({ status: 200, until: new Promise<void>((resolve) => { release = resolve }) })
      return release
    },
    waitFor: async (count, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} deliveries, got ${received.length}`)
        await new Promise<void>((resolve) => { waiters.push(resolve); setTimeout(resolve, 50) })
      }
      return received.slice(0, count)
    },
    close: async () => {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  }
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const answer = receiver.answers.shift() ?? receiver.fallback
      const json = JSON.parse(body)
      received.push({ headers: request.headers, body, json })
      if (t !== undefined && !t.ended) {
        t.strictSame([...schemaViolations('WebhookEvent', json), ...oncehubWebhookViolations(json)], [], `delivery of ${json.type} keeps both contracts`)
      }
      for (const wake of waiters.splice(0)) wake()
      if ('drop' in answer) return request.socket.destroy()
      const reply = () => setTimeout(() => {
        receiver.answered++
        response.writeHead(answer.status).end()
      }, answer.delayMs ?? 0)
      if (answer.until === undefined) reply()
      else answer.until.then(reply, () => {})
    })
  })
  server.keepAliveTimeout = 100
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`
  return receiver
}

/** Verifies an Oncehub-Signature header the way an integrator would. */
export function verifySignature (header: string, body: string, secret: string): boolean {
  const match = /^t=(\d+),s=([0-9a-f]{64})$/.exec(header)
  if (match === null) return false
  const expected = createHmac('sha256', secret).update(`${match[1]}.${body}`).digest()
  return timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'))
}
