// The mock-only controls under /_mock. They take no API key. Each answers with
// what it changed.

import type { FastifyInstance } from 'fastify'
import { replacementBooking } from '../control/reschedule.ts'
import { errors } from '../errors.ts'
import { DEFAULT_BOOKINGS, DEFAULT_SEED } from '../dataset/defaults.ts'
import { resetStore } from '../dataset/index.ts'
import { FIRST_INSTANT, LAST_INSTANT, timestamp } from '../time.ts'
import { instantParam } from '../control/request-times.ts'
import { routeFor } from '../openapi/spec.ts'
import type { components } from '../openapi/types.gen.ts'
import type { Delivery } from '../store/webhooks.ts'
import { listResponse, pageRequest, runPage, type Query } from './list-params.ts'

type Schemas = components['schemas']

/** The /_mock routes. */
export async function mockRoutes (app: FastifyInstance): Promise<void> {
  const { store } = app

  // HEAD too, for wait loops that send it; Node leaves the body out.
  for (const operationId of ['mockHealth', 'mockHealthHead']) {
    app.route({
      ...routeFor(app.spec, operationId),
      handler: async function mockHealth () {
        return { status: 'ok' }
      }
    })
  }

  // Resets run one after another, each answered once its dataset serves.
  let resetting: Promise<unknown> = Promise.resolve()
  app.route({
    ...routeFor(app.spec, 'mockReset'),
    handler: async function mockReset (request) {
      const body = request.body as Schemas['ResetRequest']
      const generate = body.seed !== undefined || body.bookings !== undefined
      const config = {
        ...app.config,
        seed: generate ? body.seed ?? app.config.seed ?? DEFAULT_SEED : app.config.seed,
        bookings: generate ? body.bookings ?? app.config.bookings ?? DEFAULT_BOOKINGS : app.config.bookings
      }
      // The new dataset is built beside the one served, which answers meanwhile, and
      // takes its place at once: with a new clock, in real time, and no subscriptions.
      const reset = resetting.then(async () => await resetStore(store, config))
      resetting = reset.catch(() => {})
      await reset
      // Retries may have fallen due on the clock as it is now.
      app.webhooks.kick()
      const info = store.info()
      return { object: 'dataset', seed: info.seed, bookings: info.bookings, reference_date: info.referenceDate }
    }
  })

  app.route({
    ...routeFor(app.spec, 'mockCreateBooking'),
    handler: async function mockCreateBooking (request, reply) {
      // Faker is loaded with the first created booking, not at start-up.
      const { newBooking } = await import('../control/new-booking.ts')
      const booking = newBooking(store, request.body as Schemas['BookingInput'])
      return reply.code(201).send(store.actions.insert(booking))
    }
  })

  app.route({
    ...routeFor(app.spec, 'mockCustomerCancel'),
    handler: async function mockCustomerCancel (request) {
      const { id } = request.params as { id: string }
      return store.actions.customerCancel(id, (request.body as Schemas['CustomerCancelRequest']).reason ?? '')
    }
  })

  app.route({
    ...routeFor(app.spec, 'mockCustomerReschedule'),
    handler: async function mockCustomerReschedule (request) {
      const { id } = request.params as { id: string }
      const body = request.body as Schemas['CustomerRescheduleRequest']
      const result = store.actions.customerReschedule(id, body.reason ?? '', (old, hosts, now) => replacementBooking(store, old, hosts, body, now))
      return { object: 'reschedule', ...result }
    }
  })

  app.route({
    ...routeFor(app.spec, 'mockApproveBooking'),
    handler: async function mockApproveBooking (request) {
      return store.actions.approve((request.params as { id: string }).id)
    }
  })

  app.route({
    ...routeFor(app.spec, 'mockListDeliveries'),
    handler: async function mockListDeliveries (request, reply) {
      const query = request.query as Query
      const filter = { ...(query.webhook ? { webhook: query.webhook } : {}), ...(query.type ? { type: query.type } : {}) }
      const page = runPage('delivery', () => store.webhooks.listDeliveries(filter, pageRequest(query)))
      return listResponse(request, reply, page, renderDelivery)
    }
  })

  app.route({
    ...routeFor(app.spec, 'mockRedeliver'),
    handler: async function mockRedeliver (request) {
      const { id } = request.params as { id: string }
      const queued = store.webhooks.getDelivery(id)
      if (queued === undefined) throw errors.noSuchObject('delivery', id)
      if (store.webhooks.get(queued.webhook) === undefined) throw errors.redeliverDeleted(id, queued.webhook)
      return renderDelivery(store.webhooks.redeliver(id, store.clock.now())!)
    }
  })

  // The log shows each delivery with the whole event it carries.
  function renderDelivery (delivery: Delivery) {
    const { event, ...rest } = delivery
    return { ...rest, event: store.webhooks.getEvent(event), subscription_disabled: store.webhooks.isDisabled(delivery.webhook) }
  }

  app.route({
    ...routeFor(app.spec, 'mockGetClock'),
    handler: async function mockGetClock () {
      return clockState()
    }
  })

  app.route({
    ...routeFor(app.spec, 'mockSetClock'),
    handler: async function mockSetClock (request) {
      const body = request.body as Schemas['ClockRequest']
      // Every value is checked before the clock moves.
      if (body.now !== undefined || body.advance_seconds !== undefined) {
        const from = body.now === undefined ? store.clock.now() : Math.floor(instantParam('now', body.now))
        const to = from + (body.advance_seconds ?? 0) * 1000
        if (to < FIRST_INSTANT || to > LAST_INSTANT) throw errors.clockOutOfRange('advance_seconds')
        store.clock.set(to)
      }
      if (body.frozen !== undefined) store.clock.freeze(body.frozen)
      store.saveClock()
      // Retries may have fallen due on the moved clock (completions queue their own events).
      app.webhooks.kick()
      return { ...clockState(), completed: store.completeEndedBookings() }
    }
  })

  function clockState () {
    return { object: 'clock', now: timestamp(store.clock.now()), frozen: store.clock.frozen }
  }
}
