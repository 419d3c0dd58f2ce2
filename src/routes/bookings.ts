// GET /v2/bookings and GET /v2/bookings/{id}.

import type { FastifyInstance } from 'fastify'
import { errors } from '../errors.ts'
import { serve, type OperationRequest } from '../http/operation.ts'
import type { BookingFilter, BookingStatus } from '../store/booking-reads.ts'
import { BOOKING_EXPANDABLE } from '../store/booking-rows.ts'
import { parseExpand } from './expand.ts'
import { listResponseJson, pageRequest, runPage, timeBounds } from './list-params.ts'

const ID_FILTERS = ['owner', 'contact', 'booking_page', 'master_page', 'event_type', 'booking_calendar', 'host'] as const

/** The bookings routes. */
export async function bookingRoutes (app: FastifyInstance): Promise<void> {
  const { store } = app

  // Bookings are read as their stored JSON and sent as they come. Both handlers are
  // synchronous: Fastify sends what they return, or the error they throw.
  serve(app, 'listBookings', function listBookings (request, reply) {
    const { query } = request
    const expand = parseExpand(query.expand, BOOKING_EXPANDABLE, true)
    const wanted = pageRequest(query)
    const page = runPage('booking', () => store.bookings.list(bookingFilter(query), wanted, expand))
    return listResponseJson(request, reply, page, wanted.limit)
  })

  serve(app, 'getBooking', function getBooking (request, reply) {
    const { id } = request.params
    const booking = store.bookings.json(id, parseExpand(request.query.expand, BOOKING_EXPANDABLE, false))
    if (booking === undefined) throw errors.noSuchObject('booking', id)
    reply.type('application/json; charset=utf-8')
    return booking
  })
}

function bookingFilter (query: OperationRequest<'listBookings'>['Querystring']): BookingFilter {
  const filter: BookingFilter = { times: timeBounds(query, ['creation_time', 'starting_time', 'last_updated_time']) }
  // The schema's pattern has checked each status.
  if (query.status) filter.status = [...new Set(query.status.split(','))] as BookingStatus[]
  // OnceHub documents '' as the default of some ID filters: empty means no filter.
  for (const name of ID_FILTERS) {
    const value = query[name]
    if (value) filter[name] = value
  }
  return filter
}
