// The mock-only controls under /_mock. They take no API key.

import type { FastifyInstance } from 'fastify'
import { routeFor } from '../openapi/spec.ts'

/** The /_mock routes. */
export async function mockRoutes (app: FastifyInstance): Promise<void> {
  app.route({
    ...routeFor(app.spec, 'mockHealth'),
    handler: async function mockHealth () {
      return { status: 'ok' }
    }
  })
}
