// GET /v2/{users,teams,booking-pages,master-pages,event-types,booking-calendars,contacts} and each
// one's /{id}: the read-only resources around bookings. They differ only in their
// filters, so one table describes them and one pair of handlers serves them all,
// with the same limit, cursors, envelope, Link header and errors as bookings.

import type { FastifyInstance } from 'fastify'
import { errors } from '../errors.ts'
import { serve } from '../http/operation.ts'
import type { ResourceFilter, ResourceName } from '../store/account.ts'
import { listResponse, pageRequest, runPage, timeBounds, type Query } from './list-params.ts'

interface Resource {
  name: ResourceName
  /** The resource as OnceHub's messages name it: `No such booking page: '<id>'`. */
  noun: string
  listOperation: 'listUsers' | 'listTeams' | 'listBookingPages' | 'listMasterPages' | 'listEventTypes' | 'listBookingCalendars' | 'listContacts'
  getOperation: 'getUser' | 'getTeam' | 'getBookingPage' | 'getMasterPage' | 'getEventType' | 'getBookingCalendar' | 'getContact'
  /** Query parameters that keep the objects whose relation or field equals their value. */
  filters: readonly string[]
  /** Fields with strict `.gt` / `.lt` filters. */
  times: ReadonlyArray<'creation_time' | 'last_updated_time'>
}

export const RESOURCES: readonly Resource[] = [
  { name: 'users', noun: 'user', listOperation: 'listUsers', getOperation: 'getUser', filters: ['email'], times: [] },
  { name: 'teams', noun: 'team', listOperation: 'listTeams', getOperation: 'getTeam', filters: ['user'], times: [] },
  { name: 'booking_pages', noun: 'booking page', listOperation: 'listBookingPages', getOperation: 'getBookingPage', filters: ['master_page', 'event_type', 'user'], times: [] },
  { name: 'master_pages', noun: 'master page', listOperation: 'listMasterPages', getOperation: 'getMasterPage', filters: [], times: [] },
  { name: 'event_types', noun: 'event type', listOperation: 'listEventTypes', getOperation: 'getEventType', filters: [], times: [] },
  { name: 'booking_calendars', noun: 'booking calendar', listOperation: 'listBookingCalendars', getOperation: 'getBookingCalendar', filters: ['host'], times: [] },
  { name: 'contacts', noun: 'contact', listOperation: 'listContacts', getOperation: 'getContact', filters: ['email'], times: ['creation_time', 'last_updated_time'] }
]

/** The routes of every resource in RESOURCES. */
export async function resourceRoutes (app: FastifyInstance): Promise<void> {
  const { store } = app
  for (const resource of RESOURCES) {
    serve(app, resource.listOperation, async function listResources (request, reply) {
      const wanted = pageRequest(request.query)
      const filter = resourceFilter(request.query, resource)
      const page = runPage(resource.noun, () => store.account.list(resource.name, filter, wanted))
      return listResponse(request, reply, page, wanted.limit, (object) => object)
    })

    serve(app, resource.getOperation, async function getResource (request) {
      const { id } = request.params
      // A deleted user or contact is shown redacted, as OnceHub does.
      const redacted = resource.name === 'users' || resource.name === 'contacts' ? () => store.account.redacted(resource.name as 'users' | 'contacts', id) : () => undefined
      const object = store.account.get(resource.name, id) ?? redacted()
      if (object === undefined) throw errors.noSuchObject(resource.noun, id)
      return object
    })
  }
}

function resourceFilter (query: Query, resource: Resource): ResourceFilter {
  const match: Record<string, string> = {}
  // As for bookings' ID filters, an empty value filters nothing.
  for (const name of resource.filters) {
    const value = query[name]
    if (typeof value === 'string' && value !== '') match[name] = value
  }
  return { match, times: timeBounds(query, resource.times) }
}
