// Webhook subscriptions: create, list, get and delete.

import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { errors } from '../errors.ts'
import { randomId } from '../ids.ts'
import { routeFor } from '../openapi/spec.ts'
import type { components } from '../openapi/types.gen.ts'
import { listResponse, pageRequest, runPage, type Query } from './list-params.ts'

/** The webhook subscription routes. */
export async function webhookRoutes (app: FastifyInstance): Promise<void> {
  const { store } = app

  app.route({
    ...routeFor(app.spec, 'createWebhook'),
    handler: async function createWebhook (request) {
      const body = request.body as components['schemas']['WebhookCreateRequest']
      if (body.name.trim() === '') throw errors.invalidValue('name', 'must not be blank')
      const url = parseHttpUrl(body.url)
      if (url === undefined) throw errors.invalidWebhookUrl(body.url)
      // fetch refuses such a URL: it could never be delivered.
      if (url.username !== '' || url.password !== '') throw errors.webhookUrlCredentials()
      if (store.webhooks.nameTaken(body.name)) throw errors.webhookNameTaken(body.name)
      const secret = randomBytes(16).toString('hex')
      return store.webhooks.create({ id: randomId('WHK-', 10), name: body.name, url: body.url, events: [...new Set(body.events)], secret }, store.clock.now())
    }
  })

  app.route({
    ...routeFor(app.spec, 'listWebhooks'),
    handler: async function listWebhooks (request, reply) {
      const page = runPage('webhook', () => store.webhooks.list(pageRequest(request.query as Query)))
      return listResponse(request, reply, page, (webhook) => webhook)
    }
  })

  app.route({
    ...routeFor(app.spec, 'getWebhook'),
    handler: async function getWebhook (request) {
      const { id } = request.params as { id: string }
      const webhook = store.webhooks.get(id)
      if (webhook === undefined) throw errors.noSuchObject('webhook', id)
      return webhook
    }
  })

  app.route({
    ...routeFor(app.spec, 'deleteWebhook'),
    handler: async function deleteWebhook (request) {
      const { id } = request.params as { id: string }
      if (!store.webhooks.delete(id)) throw errors.noSuchObject('webhook', id)
      return { id, deleted: true }
    }
  })
}

function parseHttpUrl (text: string): URL | undefined {
  try {
    const url = new URL(text)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' ? url : undefined
  } catch {
    return undefined
  }
}
