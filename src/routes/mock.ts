// The mock-only controls under /_mock. They take no API key. Each answers with
// what it changed.

import type { FastifyInstance } from 'fastify'
import { errors } from '../errors.ts'
import { DEFAULT_BOOKINGS, DEFAULT_SEED } from '../fixtures/defaults.ts'
import { datasetFor } from '../fixtures/index.ts'
import { DAY, millis, timestamp } from '../fixtures/time.ts'
import { routeFor } from '../openapi/spec.ts'
import type { components } from '../openapi/types.gen.ts'

type Schemas = components['schemas']

/** The /_mock routes. */
export async function mockRoutes (app: FastifyInstance): Promise<void> {
  const { store } = app

  app.route({
    ...routeFor(app.spec, 'mockHealth'),
    handler: async function mockHealth () {
      return { status: 'ok' }
    }
  })

  app.route({
    ...routeFor(app.spec, 'mockReset'),
    handler: async function mockReset (request) {
      const body = request.body as Schemas['ResetRequest']
      const generate = body.seed !== undefined || body.bookings !== undefined
      const dataset = await datasetFor({
        ...app.config,
        seed: generate ? body.seed ?? app.config.seed ?? DEFAULT_SEED : app.config.seed,
        bookings: generate ? body.bookings ?? app.config.bookings ?? DEFAULT_BOOKINGS : app.config.bookings
      })
      store.load(dataset)
      store.clock.reset()
      store.saveClock()
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
      const { derivedId, replacementBooking } = await import('../control/new-booking.ts')
      const { id } = request.params as { id: string }
      const body = request.body as Schemas['CustomerRescheduleRequest']
      const result = store.actions.customerReschedule(id, body.reason ?? '', (old, hosts, now) => {
        const start = body.starting_time !== undefined ? millis(body.starting_time) : millis(old.starting_time) + DAY
        if (start <= millis(now)) throw errors.notInFuture('starting_time', now)
        return replacementBooking(old, hosts, timestamp(start), now, derivedId('BKNG-', 12, `${old.id} ${now}`))
      })
      return { object: 'reschedule', ...result }
    }
  })

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
      if (body.now !== undefined) store.clock.set(millis(body.now))
      if (body.advance_seconds !== undefined) store.clock.advance(body.advance_seconds * 1000)
      if (body.frozen !== undefined) store.clock.freeze(body.frozen)
      store.saveClock()
      return { ...clockState(), completed: store.completeEndedBookings() }
    }
  })

  function clockState () {
    return { object: 'clock', now: timestamp(store.clock.now()), frozen: store.clock.frozen }
  }
}
