// The booking actions: cancel, request-reschedule, no-show and reassign. Each
// answers 200 with the booking as it now is, as GET would send it unexpanded.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { errors } from '../errors.ts'
import { routeFor } from '../openapi/spec.ts'
import type { components } from '../openapi/types.gen.ts'
import type { Booking } from '../store/types.ts'

type Schemas = components['schemas']

/** The booking action routes. */
export async function bookingActionRoutes (app: FastifyInstance): Promise<void> {
  const { store } = app
  // Answers with the booking exactly as GET /v2/bookings/{id} would now send it.
  // The handlers are synchronous, as GET's are (routes/bookings.ts): Fastify sends
  // what they return, or the error they throw.
  const act = (request: FastifyRequest, reply: FastifyReply, change: (id: string) => Booking): string => {
    const { id } = change((request.params as { id: string }).id)
    // Returning nothing would leave the request unanswered: the booking just changed is there.
    const json = store.getBookingJson(id, [])
    if (json === undefined) throw errors.noSuchObject('booking', id)
    reply.type('application/json; charset=utf-8')
    return json
  }

  app.route({
    ...routeFor(app.spec, 'cancelBooking'),
    handler: function cancelBooking (request, reply) {
      const body = request.body as Schemas['CancelRequest']
      return act(request, reply, (id) => store.actions.cancel(id, body.cancellation_reason ?? ''))
    }
  })
  app.route({
    ...routeFor(app.spec, 'requestReschedule'),
    handler: function requestReschedule (request, reply) {
      const body = request.body as Schemas['RescheduleRequest']
      return act(request, reply, (id) => store.actions.requestReschedule(id, body.reschedule_reason ?? ''))
    }
  })
  app.route({
    ...routeFor(app.spec, 'markNoShow'),
    handler: function markNoShow (request, reply) {
      return act(request, reply, (id) => store.actions.noShow(id))
    }
  })
  app.route({
    ...routeFor(app.spec, 'reassignBooking'),
    handler: function reassignBooking (request, reply) {
      const body = request.body as Schemas['ReassignRequest']
      return act(request, reply, (id) => store.actions.reassign(id, body.new_host, body.location))
    }
  })
}
