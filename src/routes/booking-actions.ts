// The booking actions: cancel, request-reschedule, no-show and reassign. Each
// answers 200 with the booking as it now is, expanded as GET would.

import type { FastifyInstance, FastifyRequest } from 'fastify'
import { routeFor } from '../openapi/spec.ts'
import type { components } from '../openapi/types.gen.ts'
import type { Booking } from '../store/types.ts'
import { BOOKING_EXPANDABLE, bookingExpander } from './bookings.ts'
import { parseExpand } from './expand.ts'

type Schemas = components['schemas']

/** The booking action routes. */
export async function bookingActionRoutes (app: FastifyInstance): Promise<void> {
  const { store } = app
  // Checks `expand` before the change, so a bad value changes nothing.
  const act = (request: FastifyRequest, change: (id: string) => Booking): Booking => {
    const fields = parseExpand((request.query as { expand?: string }).expand, BOOKING_EXPANDABLE, false)
    return bookingExpander(store, fields)(change((request.params as { id: string }).id))
  }

  app.route({
    ...routeFor(app.spec, 'cancelBooking'),
    handler: async function cancelBooking (request) {
      const body = request.body as Schemas['CancelRequest']
      return act(request, (id) => store.actions.cancel(id, body.cancellation_reason ?? ''))
    }
  })
  app.route({
    ...routeFor(app.spec, 'requestReschedule'),
    handler: async function requestReschedule (request) {
      const body = request.body as Schemas['RescheduleRequest']
      return act(request, (id) => store.actions.requestReschedule(id, body.reschedule_reason ?? ''))
    }
  })
  app.route({
    ...routeFor(app.spec, 'markNoShow'),
    handler: async function markNoShow (request) {
      return act(request, (id) => store.actions.noShow(id))
    }
  })
  app.route({
    ...routeFor(app.spec, 'reassignBooking'),
    handler: async function reassignBooking (request) {
      const body = request.body as Schemas['ReassignRequest']
      return act(request, (id) => store.actions.reassign(id, body.new_host, body.location))
    }
  })
}
