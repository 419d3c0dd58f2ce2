// Webhook subscriptions, the events the mock emits, and their deliveries. Events
// and their pending deliveries are written in the same transaction as the change
// that caused them (an outbox), so no change is acknowledged without its events,
// and pending deliveries survive a restart.

import type { Database } from 'better-sqlite3'
import { timestamp } from '../time.ts'
import type { components } from '../openapi/types.gen.ts'
import { Lister, type Page, type PageRequest, type Where } from './list.ts'
import * as tables from './tables.ts'

type Schemas = components['schemas']
export type Webhook = Schemas['Webhook']
export type WebhookEvent = Schemas['WebhookEvent']
export type Attempt = Schemas['DeliveryAttempt']
export type Delivery = Omit<Schemas['WebhookDelivery'], 'event' | 'subscription_disabled'> & { event: string }

/** A delivery due to be sent: the exact body and where to. */
export interface DueDelivery {
  id: string
  webhook: string
  url: string
  secret: string
  body: string
  attempts: Attempt[]
  firstAttemptMs: number | null
}

export interface WebhookRepository {
  create(input: { id: string, name: string, url: string, events: string[], secret: string }, nowMs: number): Webhook
  list(page: PageRequest): Page<Webhook>
  get(id: string): Webhook | undefined
  nameTaken(name: string): boolean
  /** Deletes the subscription; its undelivered events are given up. */
  delete(id: string): boolean
  /**
   * Records an event of `type` and queues it for every enabled subscription that
   * asked for it. An event nobody asked for is not even built: only deliveries show it.
   */
  emit(type: string, event: () => WebhookEvent, nowMs: number): void
  /** False only when no delivery is pending: a tick then needs no query. */
  hasPending(): boolean
  /**
   * The oldest pending delivery of each enabled subscription not `busy`: those due
   * by `nowMs`, and when the earliest of the others falls due (clock milliseconds).
   */
  due(nowMs: number, busy: { has(webhook: string): boolean }): { ready: DueDelivery[], nextDueMs: number | undefined }
  /** Records an attempt: delivered, or to be tried again at `retryAtMs`, or given up (the subscription is disabled). */
  recordAttempt(id: string, attempt: Attempt, outcome: { delivered: true } | { delivered: false, retryAtMs: number | null }, firstAttemptMs: number): void
  listDeliveries(filter: { webhook?: string, type?: string }, page: PageRequest): Page<Delivery>
  getDelivery(id: string): Delivery | undefined
  getEvent(id: string): WebhookEvent | undefined
  isDisabled(webhookId: string): boolean
  /** Queues a delivery again, due now, behind those already queued, and re-enables its subscription. */
  redeliver(id: string, nowMs: number): Delivery | undefined
}

/** The webhook repository on `db`; `queued` is told whenever a delivery is queued. */
export function createWebhookRepository (db: Database, newId: (prefix: string, length: number) => string, queued: () => void): WebhookRepository {
  const webhookLister = new Lister(db, tables.webhooks.name, ['creation_time', 'id'])
  const deliveryLister = new Lister(db, tables.deliveries.name, ['seq', 'id'])
  const pageOf = <T>(lister: Lister, table: tables.Table, where: Where, page: PageRequest): Page<T> =>
    lister.page(where, page, tables.selectList(table), (row) => tables.fromValues<T>(table, row.slice(1)))
  const insertWebhook = db.prepare(tables.insertSql(tables.webhooks))
  const insertEvent = db.prepare(tables.insertSql(tables.events))
  const insertDelivery = db.prepare(tables.insertSql(tables.deliveries))
  const select = (table: tables.Table) => db.prepare(`SELECT ${tables.selectList(table)} FROM ${table.name} WHERE id = ?`)
  const getWebhook = select(tables.webhooks)
  const getDelivery = select(tables.deliveries)
  const getEvent = select(tables.events)
  const nextSeq = (table: string) => db.prepare(`SELECT coalesce(max(seq), 0) + 1 FROM ${table}`).pluck()
  const nextEventSeq = nextSeq('events')
  const nextWebhookSeq = nextSeq('webhooks')
  // The queue order of deliveries, new and redelivered alike: one counter, so a
  // redelivered event and a new one never share a place.
  const nextDeliverySeq = nextSeq('deliveries')
  const subscribers = db.prepare('SELECT id, events FROM webhooks WHERE disabled_time IS NULL')
  const heads = db.prepare(`SELECT d.id, d.webhook, d.attempts, d.first_attempt_ms, d.next_attempt_ms, w.url, w.secret, e.id AS event_id
    FROM webhooks w JOIN deliveries d ON d.id = (
      SELECT id FROM deliveries WHERE webhook = w.id AND status = 'pending' ORDER BY seq LIMIT 1)
    JOIN events e ON e.id = d.event
    WHERE w.disabled_time IS NULL`)
  const eventBody = db.prepare(`SELECT ${tables.selectList(tables.events)} FROM events WHERE id = ?`)
  const finish = db.prepare(`UPDATE deliveries SET status = @status, attempts = @attempts, next_attempt_time = @next_attempt_time,
    next_attempt_ms = @next_attempt_ms, first_attempt_ms = @first_attempt_ms WHERE id = @id`)
  const disable = db.prepare('UPDATE webhooks SET disabled_time = ? WHERE id = ?')
  const giveUp = db.prepare("UPDATE deliveries SET status = 'failed', next_attempt_time = NULL, next_attempt_ms = NULL WHERE webhook = ? AND status = 'pending'")

  // Whether a delivery may be pending: set when one is queued, cleared when the
  // heads query finds none, so that the dispatcher's ticks cost no query while
  // nothing is pending. True at first: a file may hold some.
  let pending = true

  return {
    create: (input, nowMs) => {
      const webhook = { object: 'webhook', id: input.id, api_version: 'v2', name: input.name, url: input.url, events: input.events, creation_time: timestamp(nowMs) }
      insertWebhook.run(tables.toRow(tables.webhooks, { ...webhook, secret: input.secret, disabled_time: null, seq: nextWebhookSeq.get() }))
      return { ...webhook, secret: input.secret } as Webhook
    },
    list: (page) => pageOf<Webhook>(webhookLister, tables.webhooks, { clauses: [], values: [] }, page),
    get: (id) => tables.fromFoundRow<Webhook>(tables.webhooks, getWebhook.get(id)),
    nameTaken: (name) => db.prepare('SELECT 1 FROM webhooks WHERE name = ?').get(name) !== undefined,
    delete: db.transaction((id: string) => {
      giveUp.run(id)
      return db.prepare('DELETE FROM webhooks WHERE id = ?').run(id).changes === 1
    }),
    emit: (type, build, nowMs) => {
      const family = type.split('.')[0]!
      const wanting = (subscribers.all() as Array<{ id: string, events: string }>)
        .filter(({ events }) => (JSON.parse(events) as string[]).some((wanted) => wanted === type || wanted === family))
      if (wanting.length === 0) return
      const event = build()
      insertEvent.run(tables.toRow(tables.events, { ...event, seq: nextEventSeq.get() }))
      const seq = nextDeliverySeq.get() as number
      pending = true
      for (const [position, { id }] of wanting.entries()) {
        insertDelivery.run(tables.toRow(tables.deliveries, {
          object: 'webhook_delivery',
          id: newId('DLV-', 12),
          event: event.id,
          webhook: id,
          status: 'pending',
          attempts: [],
          next_attempt_time: timestamp(nowMs),
          seq: seq + position,
          first_attempt_ms: null,
          next_attempt_ms: nowMs
        }))
      }
      queued()
    },
    hasPending: () => pending,
    due: (nowMs, busy) => {
      const rows = heads.all() as Array<Record<string, any>>
      pending = rows.length > 0
      const ready: DueDelivery[] = []
      let nextDueMs: number | undefined
      for (const row of rows) {
        if (busy.has(row.webhook)) continue
        if (row.next_attempt_ms > nowMs) {
          nextDueMs = Math.min(nextDueMs ?? Infinity, row.next_attempt_ms)
          continue
        }
        ready.push({
          id: row.id,
          webhook: row.webhook,
          url: row.url,
          secret: row.secret,
          body: JSON.stringify(tables.fromRow(tables.events, eventBody.get(row.event_id) as Record<string, unknown>)),
          attempts: JSON.parse(row.attempts),
          firstAttemptMs: row.first_attempt_ms
        })
      }
      return { ready, nextDueMs }
    },
    recordAttempt: db.transaction((id: string, attempt: Attempt, outcome: { delivered: true } | { delivered: false, retryAtMs: number | null }, firstAttemptMs: number) => {
      const delivery = tables.fromFoundRow<Delivery>(tables.deliveries, getDelivery.get(id))
      if (delivery === undefined || delivery.status !== 'pending') return
      const retryAtMs = outcome.delivered ? null : outcome.retryAtMs
      finish.run({
        id,
        status: outcome.delivered ? 'succeeded' : retryAtMs === null ? 'failed' : 'pending',
        attempts: JSON.stringify([...delivery.attempts, attempt]),
        next_attempt_time: retryAtMs === null ? null : timestamp(retryAtMs),
        next_attempt_ms: retryAtMs,
        first_attempt_ms: firstAttemptMs
      })
      // Past the retry window OnceHub disables the subscription: nothing more is sent to it.
      if (!outcome.delivered && retryAtMs === null) {
        disable.run(attempt.time, delivery.webhook)
        giveUp.run(delivery.webhook)
      }
    }),
    listDeliveries: (filter, page) => {
      const clauses: string[] = []
      const values: unknown[] = []
      if (filter.webhook !== undefined) {
        clauses.push('webhook = ?')
        values.push(filter.webhook)
      }
      if (filter.type !== undefined) {
        clauses.push('event IN (SELECT id FROM events WHERE type = ?)')
        values.push(filter.type)
      }
      return pageOf<Delivery>(deliveryLister, tables.deliveries, { clauses, values }, page)
    },
    getDelivery: (id) => tables.fromFoundRow<Delivery>(tables.deliveries, getDelivery.get(id)),
    getEvent: (id) => tables.fromFoundRow<WebhookEvent>(tables.events, getEvent.get(id)),
    isDisabled: (id) => db.prepare('SELECT disabled_time FROM webhooks WHERE id = ?').pluck().get(id) != null,
    redeliver: db.transaction((id: string, nowMs: number) => {
      const delivery = tables.fromFoundRow<Delivery>(tables.deliveries, getDelivery.get(id))
      if (delivery === undefined) return undefined
      db.prepare('UPDATE webhooks SET disabled_time = NULL WHERE id = ?').run(delivery.webhook)
      db.prepare(`UPDATE deliveries SET status = 'pending', next_attempt_time = ?, next_attempt_ms = ?, first_attempt_ms = NULL,
        seq = ? WHERE id = ?`).run(timestamp(nowMs), nowMs, nextDeliverySeq.get(), id)
      pending = true
      queued()
      return tables.fromFoundRow<Delivery>(tables.deliveries, getDelivery.get(id))
    })
  }
}
