// Webhook subscriptions: create, list, get and delete.

import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { errors } from '../errors.ts'
import { randomId } from '../ids.ts'
import { serve } from '../http/operation.ts'
import { listResponse, pageRequest, runPage } from './list-params.ts'

/** The webhook subscription routes. */
export async function webhookRoutes (app: FastifyInstance): Promise<void> {
  const { store } = app

  serve(app, 'createWebhook', async function createWebhook (request) {
    const { body } = request
    if (body.name.trim() === '') throw errors.invalidValue('name', 'must not be blank')
    checkDeliverable(body.url)
    if (store.webhooks.nameTaken(body.name)) throw errors.webhookNameTaken(body.name)
    const secret = randomBytes(16).toString('hex')
    return store.webhooks.create({ id: randomId('WHK-', 10), name: body.name, url: body.url, events: [...new Set(body.events)], secret }, store.clock.now())
  })

  serve(app, 'listWebhooks', async function listWebhooks (request, reply) {
    const wanted = pageRequest(request.query)
    const page = runPage('webhook', () => store.webhooks.list(wanted))
    return listResponse(request, reply, page, wanted.limit, (webhook) => webhook)
  })

  serve(app, 'getWebhook', async function getWebhook (request) {
    const { id } = request.params
    const webhook = store.webhooks.get(id)
    if (webhook === undefined) throw errors.noSuchObject('webhook', id)
    return webhook
  })

  serve(app, 'deleteWebhook', async function deleteWebhook (request) {
    const { id } = request.params
    if (!store.webhooks.delete(id)) throw errors.noSuchObject('webhook', id)
    return { id, deleted: true }
  })
}

// A subscription's URL is stored as given and delivered to as it is: it must be one
// that fetch can deliver to. The URL parser forgives what no delivery could use: it
// drops spaces around the URL and line breaks inside it, and reads `http:///x` as
// host `x`; so the text itself must be a plain absolute URL.
function checkDeliverable (text: string): void {
  if ([...text].some((c) => /\s/.test(c) || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) throw errors.invalidWebhookUrl(text, 'A URL cannot hold spaces, line breaks or control characters.')
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw errors.invalidWebhookUrl(text)
  }
  if (!/^https?:\/\/[^/?#]/i.test(text) || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') throw errors.invalidWebhookUrl(text)
  if (url.port === '0') throw errors.invalidWebhookUrl(text, 'Port 0 cannot receive deliveries.')
  // fetch refuses such a URL: it could never be delivered.
  if (url.username !== '' || url.password !== '') throw errors.webhookUrlCredentials()
}
