// The contract, served: /openapi.yaml byte for byte, /openapi.json parsed, and
// Swagger UI at /docs. Swagger UI's plugins take a tenth of a second to load, most
// of a start-up that needs none of them, so /docs routes are placeholders until a
// first request builds a Fastify instance of their own and hands requests to it.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { routeFor } from '../openapi/spec.ts'

// The URLs @fastify/swagger-ui serves under /docs ('/' is also '/docs/'), its files
// under /static/*: the check in app.ts gives each its operation of openapi.yaml.
const UI_URLS = ['/', '/json', '/yaml', '/static/*']
const DOCS_PREFIX = '/docs'

// Marks the requests handed to Swagger UI, so that what it fails on comes back here.
const HANDED = 'x-oncehub-mock-docs'
const NOT_FOUND = Symbol('not found')
// Per hop, or set again for the answer here.
const NOT_COPIED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date', 'content-length'])

// Does a URL that Swagger UI serves reach it from here?
function reachesUi (url: string): boolean {
  return url === DOCS_PREFIX || UI_URLS.some((own) => own.endsWith('*') ? url.startsWith(DOCS_PREFIX + own.slice(0, -1)) : url === DOCS_PREFIX + own)
}

/** Swagger UI (@fastify/swagger, @fastify/swagger-ui) rendering `document`, on a Fastify instance of its own. */
export async function swaggerUiApp (document: object, failures = new Map<string, Error | typeof NOT_FOUND>()): Promise<FastifyInstance> {
  const [{ default: Fastify }, { default: swagger }, { default: swaggerUi }] = await Promise.all([
    import('fastify'), import('@fastify/swagger'), import('@fastify/swagger-ui')
  ])
  const ui = Fastify({ routerOptions: { maxParamLength: 1000 } })
  // What Swagger UI cannot find or fails on is answered by the API's own handlers, as if it were served there.
  const token = (request: FastifyRequest) => String(request.headers[HANDED])
  ui.setNotFoundHandler((request, reply) => { failures.set(token(request), NOT_FOUND); reply.code(404).send() })
  ui.setErrorHandler((error, request, reply) => { failures.set(token(request), error as Error); reply.code(500).send() })
  // A route Swagger UI gained (a new version) would be out of reach: say so rather than serve a broken page.
  ui.addHook('onRoute', (route) => {
    if (!reachesUi(route.url)) throw new Error(`Swagger UI serves ${route.url}, which ${DOCS_PREFIX} does not hand it`)
  })
  await ui.register(swagger, { mode: 'static', specification: { document: document as never } })
  await ui.register(swaggerUi, { routePrefix: DOCS_PREFIX })
  await ui.ready()
  return ui
}

/** The documentation routes. */
export async function docsRoutes (app: FastifyInstance): Promise<void> {
  const failures = new Map<string, Error | typeof NOT_FOUND>()
  let ui: Promise<FastifyInstance> | undefined
  // Numbers the requests handed over, to match each with what Swagger UI failed on.
  let handedOver = 0
  app.addHook('onClose', async () => { await ui?.then(async (built) => await built.close(), () => {}) })

  const handToSwaggerUi = async (request: FastifyRequest, reply: FastifyReply) => {
    ui ??= swaggerUiApp(app.spec.document, failures)
    const token = String(++handedOver)
    const answer = await (await ui).inject({ method: 'GET', url: request.url, headers: { ...request.headers, [HANDED]: token } })
    const failure = failures.get(token)
    failures.delete(token)
    if (failure === NOT_FOUND) return reply.callNotFound()
    if (failure !== undefined) throw failure
    for (const [name, value] of Object.entries(answer.headers)) {
      if (!NOT_COPIED.has(name) && value !== undefined) reply.header(name, value)
    }
    // No body (a redirect, a 304) is sent as none, so that no Content-Type is added.
    return reply.code(answer.statusCode).send(answer.rawPayload.length > 0 ? answer.rawPayload : undefined)
  }
  await app.register(async (docs) => {
    for (const url of UI_URLS) docs.get(url, handToSwaggerUi)
  }, { prefix: DOCS_PREFIX })

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
