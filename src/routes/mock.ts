// The mock-only controls under /_mock. They take no API key. Each answers with
// what it changed.

import type { FastifyInstance } from 'fastify'
import { replacementBooking } from '../control/reschedule.ts'
import { DEFAULT_BOOKINGS, DEFAULT_SEED } from '../dataset/defaults.ts'
import { resetStore } from '../dataset/index.ts'
import { errors } from '../errors.ts'
import { serve } from '../http/operation.ts'
import type { Delivery } from '../store/webhooks.ts'
import { FIRST_INSTANT, instantParam, LAST_INSTANT, timestamp } from '../time.ts'
import { listResponse, pageRequest, runPage } from './list-params.ts'

/** The /_mock routes. */
export async function mockRoutes (app: FastifyInstance): Promise<void> {
  const { store } = app

  // HEAD too, for wait loops that send it; Node leaves the body out.
  const health = async function mockHealth () {
    return { status: 'ok' as const }
  }
  serve(app, 'mockHealth', health)
  serve(app, 'mockHealthHead', health)

  // Resets run one after another, each answered once its dataset serves.
  let resetting: Promise<unknown> = Promise.resolve()
  serve(app, 'mockReset', async function mockReset (request) {
    const { body } = request
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
    const info = store.dataset.info()
    return { object: 'dataset' as const, seed: info.seed, bookings: info.bookings, reference_date: info.referenceDate }
  })

  serve(app, 'mockCreateBooking', async function mockCreateBooking (request, reply) {
    // Faker is loaded with the first created booking, not at start-up.
    const { newBooking } = await import('../control/new-booking.ts')
    return reply.code(201).send(store.bookings.insert(newBooking(store, request.body)).booking)
  })

  serve(app, 'mockBookOneTimeLink', async function mockBookOneTimeLink (request, reply) {
    // Faker, which a master page's booking draws from, is loaded on first use, not at start-up.
    const { bookThroughLink } = await import('../control/one-time-link.ts')
    return reply.code(201).send(bookThroughLink(store, request.params.id, request.body).booking)
  })

  serve(app, 'mockCustomerCancel', async function mockCustomerCancel (request) {
    return store.bookings.customerCancel(request.params.id, request.body.reason ?? '').booking
  })

  serve(app, 'mockCustomerReschedule', async function mockCustomerReschedule (request) {
    const { body } = request
    const { canceled, rescheduled } = store.bookings.customerReschedule(request.params.id, body.reason ?? '',
      (old, hosts, now) => replacementBooking(store, old, hosts, body, now))
    return { object: 'reschedule' as const, canceled: canceled.booking, rescheduled: rescheduled.booking }
  })

  serve(app, 'mockApproveBooking', async function mockApproveBooking (request) {
    return store.bookings.approve(request.params.id).booking
  })

  serve(app, 'mockListDeliveries', async function mockListDeliveries (request, reply) {
    const { query } = request
    const filter = { ...(query.webhook ? { webhook: query.webhook } : {}), ...(query.type ? { type: query.type } : {}) }
    const wanted = pageRequest(query)
    const page = runPage('delivery', () => store.webhooks.listDeliveries(filter, wanted))
    return listResponse(request, reply, page, wanted.limit, renderDelivery)
  })

  serve(app, 'mockRedeliver', async function mockRedeliver (request) {
    const { id } = request.params
    const queued = store.webhooks.getDelivery(id)
    if (queued === undefined) throw errors.noSuchObject('delivery', id)
    if (store.webhooks.get(queued.webhook) === undefined) throw errors.redeliverDeleted(id, queued.webhook)
    return renderDelivery(store.webhooks.redeliver(id, store.clock.now())!)
  })

  // The log shows each delivery with the whole event it carries.
  function renderDelivery (delivery: Delivery) {
    const { event, ...rest } = delivery
    return { ...rest, event: store.webhooks.getEvent(event)!, subscription_disabled: store.webhooks.isDisabled(delivery.webhook) }
  }

  serve(app, 'mockGetClock', async function mockGetClock () {
    return clockState()
  })

  serve(app, 'mockSetClock', async function mockSetClock (request) {
    const { body } = request
    // Every value is checked before the clock moves.
    if (body.now !== undefined || body.advance_seconds !== undefined) {
      const from = body.now === undefined ? store.clock.now() : Math.floor(instantParam('now', body.now))
      const to = from + (body.advance_seconds ?? 0) * 1000
      if (to < FIRST_INSTANT || to > LAST_INSTANT) throw errors.clockOutOfRange('advance_seconds')
      store.clock.set(to)
    }
    if (body.frozen !== undefined) store.clock.freeze(body.frozen)
    store.dataset.saveClock()
    // Retries may have fallen due on the moved clock (completions queue their own events).
    app.webhooks.kick()
    return { ...clockState(), completed: store.bookings.completeEnded() }
  })

  function clockState () {
    return { object: 'clock' as const, now: timestamp(store.clock.now()), frozen: store.clock.frozen }
  }
}
