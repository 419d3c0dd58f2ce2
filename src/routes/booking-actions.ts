// The booking actions: cancel, request-reschedule, no-show and reassign. Each
// answers 200 with the booking as it now is, as GET sends it, unexpanded: the
// JSON the change stored.

import type { FastifyInstance, FastifyReply } from 'fastify'
import { serve } from '../http/operation.ts'
import type { StoredBooking } from '../store/booking-actions.ts'

/** The booking action routes. */
export async function bookingActionRoutes (app: FastifyInstance): Promise<void> {
  const { store } = app
  const answer = (reply: FastifyReply, stored: StoredBooking): string => {
    reply.type('application/json; charset=utf-8')
    return stored.json
  }
  // Synchronous handlers: Fastify sends what they return, or the error they throw.
  serve(app, 'cancelBooking', function cancelBooking (request, reply) {
    return answer(reply, store.bookings.cancel(request.params.id, request.body.cancellation_reason ?? ''))
  })
  serve(app, 'requestReschedule', function requestReschedule (request, reply) {
    return answer(reply, store.bookings.requestReschedule(request.params.id, request.body.reschedule_reason ?? ''))
  })
  serve(app, 'markNoShow', function markNoShow (request, reply) {
    return answer(reply, store.bookings.noShow(request.params.id))
  })
  serve(app, 'reassignBooking', function reassignBooking (request, reply) {
    return answer(reply, store.bookings.reassign(request.params.id, request.body.new_host, request.body.location))
  })
}
