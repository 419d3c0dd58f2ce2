// The contract, served: /openapi.yaml byte for byte, /openapi.json parsed, and
// Swagger UI at /docs.

import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import { routeFor } from '../openapi/spec.ts'

/** The documentation routes. */
export async function docsRoutes (app: FastifyInstance): Promise<void> {
  await app.register(swagger, { mode: 'static', specification: { document: app.spec.document as never } })
  await app.register(swaggerUi, { routePrefix: '/docs' })

  app.route({
    ...routeFor(app.spec, 'getOpenApiJson'),
    handler: async function getOpenApiJson () {
      return app.spec.document
    }
  })
  app.route({
    ...routeFor(app.spec, 'getOpenApiYaml'),
    handler: async function getOpenApiYaml (_request, reply) {
      return reply.type('application/yaml; charset=utf-8').send(app.spec.text)
    }
  })
}
