// GET /v2/notifications/sms: the SMS notifications the account sent, with the same
// limit, cursors, Link header and errors as every list. OnceHub's list of them has
// no `has_more`, so it is left out.

import type { FastifyInstance } from 'fastify'
import { serve } from '../http/operation.ts'
import { parseExpand } from './expand.ts'
import { listResponse, pageRequest, runPage, timeBounds } from './list-params.ts'

/** The SMS notification routes. */
export async function notificationRoutes (app: FastifyInstance): Promise<void> {
  const { store } = app

  serve(app, 'listSmsNotifications', async function listSmsNotifications (request, reply) {
    const { query } = request
    const expand = parseExpand(query.expand, ['recipient'], true).length > 0
    const wanted = pageRequest(query)
    const times = timeBounds(query, ['creation_time']).map(({ op, value }) => ({ op, value }))
    // As for every ID filter, an empty value filters nothing.
    const filter = {
      ...(query.recipient ? { recipient: query.recipient } : {}),
      ...(query.recipient_type ? { recipient_type: query.recipient_type } : {}),
      times
    }
    const page = runPage('SMS notification', () => store.sms.list(filter, wanted, expand))
    const { has_more: _hasMore, ...list } = listResponse(request, reply, page, wanted.limit, (sms) => sms)
    return list
  })
}
