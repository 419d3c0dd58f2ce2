// GET /v2/bookings and GET /v2/bookings/{id}.

import type { FastifyInstance } from 'fastify'
import { errors } from '../errors.ts'
import { routeFor } from '../openapi/spec.ts'
import type { operations } from '../openapi/types.gen.ts'
import type { BookingFilter, BookingStatus } from '../store/booking-reads.ts'
import { BOOKING_EXPANDABLE } from '../store/booking-rows.ts'
import { parseExpand } from './expand.ts'
import { listResponseJson, pageRequest, runPage, timeBounds, type Query } from './list-params.ts'

type ListQuery = NonNullable<operations['listBookings']['parameters']['query']>

const ID_FILTERS = ['owner', 'contact', 'booking_page', 'master_page', 'event_type', 'booking_calendar', 'host'] as const

/** The bookings routes. */
export async function bookingRoutes (app: FastifyInstance): Promise<void> {
  const { store } = app

  app.route({
    ...routeFor(app.spec, 'listBookings'),
    // Bookings are read as JSON, expansions spliced in, and sent as they come. Both
    // handlers are synchronous (Fastify sends what they return, or the error they
    // throw): an async one costs every request a promise and a turn of microtasks.
    handler: function listBookings (request, reply) {
      const query = request.query as ListQuery & Query
      const page = pageRequest(query)
      const expand = parseExpand(query.expand, BOOKING_EXPANDABLE, true)
      const result = runPage('booking', () => store.listBookingsJson(bookingFilter(query), page, expand))
      return listResponseJson(request, reply, result)
    }
  })

  app.route({
    ...routeFor(app.spec, 'getBooking'),
    handler: function getBooking (request, reply) {
      const { id } = request.params as { id: string }
      const { expand } = request.query as { expand?: string }
      const booking = store.getBookingJson(id, parseExpand(expand, BOOKING_EXPANDABLE, false))
      if (booking === undefined) throw errors.noSuchObject('booking', id)
      reply.type('application/json; charset=utf-8')
      return booking
    }
  })
}

function bookingFilter (query: ListQuery & Query): BookingFilter {
  const filter: BookingFilter = { times: timeBounds(query, ['creation_time', 'starting_time', 'last_updated_time']) }
  if (query.status) filter.status = [...new Set(query.status.split(','))] as BookingStatus[]
  // OnceHub documents '' as the default of some ID filters: empty means no filter.
  for (const name of ID_FILTERS) {
    const value = query[name]
    if (value) filter[name] = value
  }
  return filter
}
