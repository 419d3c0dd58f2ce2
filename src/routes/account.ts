// GET /v2/test: the API key check.

import type { FastifyInstance } from 'fastify'
import { routeFor } from '../openapi/spec.ts'

/** The account routes. */
export async function accountRoutes (app: FastifyInstance): Promise<void> {
  app.route({
    ...routeFor(app.spec, 'testApiKey'),
    handler: async function testApiKey () {
      return { message: `The API key is valid for account: ${app.store.info().accountEmail}` }
    }
  })
}
