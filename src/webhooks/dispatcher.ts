// Delivers webhook events off the request path. Each subscription gets its events
// in order, one at a time; a failed attempt (any answer but 2xx, a timeout, a
// refused or dropped connection) is retried with exponential backoff on the mock's
// clock, a last time at the window's end, and then the subscription is disabled, as
// OnceHub does.
// A tick also completes bookings that have ended, so booking.completed is sent
// when the clock passes the end even if nobody reads the booking.

import { createHmac } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { Config } from '../config.ts'
import { timestamp } from '../time.ts'
import type { Store } from '../store/store.ts'
import type { Attempt, DueDelivery } from '../store/webhooks.ts'

/** The header every delivery carries, so that the mock can refuse its own deliveries. */
export const DELIVERY_HEADER = 'oncehub-mock-delivery'

const BACKOFF_FACTOR = 5
const MAX_BACKOFF_MS = 6 * 3_600_000
// Completion and retries are also checked this often, whatever else happens.
const TICK_MS = 1000

/** `t=<unix seconds>,s=<hex HMAC-SHA256 of "t.body">`: OnceHub's Oncehub-Signature. */
export function signature (secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},s=${createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')}`
}

/** The delay before retry number `n` (1 for the first retry). */
export function backoffMs (baseMs: number, n: number): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * BACKOFF_FACTOR ** (n - 1))
}

export class Dispatcher {
  private readonly inFlight = new Map<string, Promise<void>>()
  private readonly stopping = new AbortController()
  private interval: NodeJS.Timeout | undefined
  private timer: NodeJS.Timeout | undefined
  private kicked = false
  private readonly store: Store
  private readonly settings: Config['webhooks']
  private readonly log: FastifyBaseLogger

  constructor (store: Store, settings: Config['webhooks'], log: FastifyBaseLogger) {
    this.store = store
    this.settings = settings
    this.log = log
  }

  start (): void {
    this.interval = setInterval(() => this.tick(), TICK_MS).unref()
    this.store.webhooks.onQueued(() => this.kick())
    this.kick()
  }

  /** Looks for due work soon, once however often it is called before then. */
  kick (): void {
    if (this.kicked || this.stopping.signal.aborted) return
    this.kicked = true
    setImmediate(() => {
      this.kicked = false
      this.tick()
    })
  }

  /** Stops sending; attempts under way are abandoned and stay pending for the next start. */
  async stop (): Promise<void> {
    this.stopping.abort()
    clearInterval(this.interval)
    clearTimeout(this.timer)
    await Promise.allSettled(this.inFlight.values())
  }

  private tick (): void {
    if (this.stopping.signal.aborted) return
    try {
      this.store.bookings.completeEnded()
      // Most ticks follow a request that queued nothing: they cost no query.
      if (!this.store.webhooks.hasPending()) return
      const now = this.store.clock.now()
      const { ready, nextDueMs } = this.store.webhooks.due(now, this.inFlight)
      for (const delivery of ready) {
        const sending = this.send(delivery)
          .catch((error: unknown) => { this.log.error({ err: error, delivery: delivery.id }, 'webhook attempt not recorded') })
          .finally(() => {
            this.inFlight.delete(delivery.webhook)
            this.kick()
          })
        this.inFlight.set(delivery.webhook, sending)
      }
      this.scheduleNext(now, nextDueMs)
    } catch (error) {
      this.log.error({ err: error }, 'webhook dispatch failed')
    }
  }

  // A running clock reaches the next due attempt in real time; a frozen one only
  // when it is moved, which kicks the dispatcher. Subscriptions with an attempt in
  // flight are not counted: its end kicks the dispatcher.
  private scheduleNext (now: number, next: number | undefined): void {
    clearTimeout(this.timer)
    if (next === undefined || this.store.clock.frozen || next - now >= TICK_MS) return
    this.timer = setTimeout(() => this.tick(), Math.max(0, next - now)).unref()
  }

  private async send (delivery: DueDelivery): Promise<void> {
    const startedAt = this.store.clock.now()
    // t is real time, not the mock's clock: receivers check it against their own
    // clocks, and a test that moved the mock's clock must still verify.
    const sent = signature(delivery.secret, delivery.body, Math.floor(Date.now() / 1000))
    const started = performance.now()
    let statusCode: number | null = null
    let error: string | null = null
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'oncehub-signature': sent, 'user-agent': 'oncehub-mock', [DELIVERY_HEADER]: delivery.id },
        body: delivery.body,
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(this.settings.timeoutMs), this.stopping.signal])
      })
      statusCode = response.status
      await response.body?.cancel()
    } catch (cause) {
      if (this.stopping.signal.aborted) return
      error = describe(cause, this.settings.timeoutMs)
    }
    const now = this.store.clock.now()
    const attempt: Attempt = { time: timestamp(now), status_code: statusCode, error, duration_ms: Math.round(performance.now() - started), signature: sent }
    const firstAttemptMs = delivery.firstAttemptMs ?? startedAt
    if (statusCode !== null && statusCode >= 200 && statusCode < 300) {
      this.store.webhooks.recordAttempt(delivery.id, attempt, { delivered: true }, firstAttemptMs)
      return
    }
    // The last retry falls at the window's end, however the backoff lands; an
    // attempt at or after that end is the last.
    const windowEndMs = firstAttemptMs + this.settings.retryWindowMs
    const retryAtMs = now < windowEndMs ? Math.min(windowEndMs, now + backoffMs(this.settings.retryBaseMs, delivery.attempts.length + 1)) : null
    this.store.webhooks.recordAttempt(delivery.id, attempt, { delivered: false, retryAtMs }, firstAttemptMs)
    if (retryAtMs === null) this.log.warn({ webhook: delivery.webhook }, 'webhook disabled: its retry window ran out')
  }
}

// What undici's error codes mean, for the delivery log.
const CONNECTION_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  UND_ERR_SOCKET: 'connection closed',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ETIMEDOUT: 'connection timed out'
}

function describe (cause: unknown, timeoutMs: number): string {
  const error = cause as Error & { cause?: { code?: string, message?: string } }
  if (error.name === 'TimeoutError') return `timed out after ${timeoutMs} ms`
  const code = error.cause?.code
  if (code !== undefined) return CONNECTION_ERRORS[code] === undefined ? code : `${CONNECTION_ERRORS[code]} (${code})`
  return error.cause?.message ?? error.message
}
