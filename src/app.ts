// buildApp(config): the whole server, without listening. Plugins are registered in
// loading order: request rules and error handling, then the routes, each of which
// takes its method, URL and schemas from openapi.yaml by operationId.

import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest, type HTTPMethods, type RouteOptions } from 'fastify'
import type { Config } from './config.ts'
import { createLogger } from './logger.ts'
import type { Progress } from './progress.ts'
import { seedStore } from './dataset/index.ts'
import { clientErrorHandler } from './http/client-errors.ts'
import { errorHandling, frameworkError, schemaError } from './http/error-handler.ts'
import { newRequestId, requestRules } from './http/request-rules.ts'
import { loadSpec, operationAt, type Spec } from './openapi/spec.ts'
import { validatorCompiler } from './openapi/validators.ts'
import { accountRoutes } from './routes/account.ts'
import { bookingActionRoutes } from './routes/booking-actions.ts'
import { bookingRoutes } from './routes/bookings.ts'
import { docsRoutes } from './routes/docs.ts'
import { mockRoutes } from './routes/mock.ts'
import { resourceRoutes } from './routes/resources.ts'
import { schedulingRoutes } from './routes/scheduling.ts'
import { webhookRoutes } from './routes/webhooks.ts'
// Issue 20: writes of contacts and users, SMS notifications, conversations.
import { conversationRoutes } from './routes/conversations.ts'
import { notificationRoutes } from './routes/notifications.ts'
import { peopleRoutes } from './routes/people.ts'
import { Dispatcher } from './webhooks/dispatcher.ts'
import { createStore, type Store } from './store/store.ts'
import { temporaryFolder } from './store/database.ts'
import { storeOpenError, temporaryStoreError } from './startup-errors.ts'

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    spec: Spec
    store: Store
    webhooks: Dispatcher
  }
}

/** The largest request body accepted, in bytes. */
export const BODY_LIMIT = 1024 * 1024

export interface AppDependencies {
  /** A store to serve instead of opening config.dbPath; the app closes it on close. */
  store?: Store
  spec?: Spec
  /** Real time for the store's clock (tests start it at their reference date). */
  realNow?: () => number
  /** Shows the progress of generating a dataset. */
  progress?: Progress
  /** The app's logger (the server makes it first, for start-up's steps); else one made from config. */
  logger?: FastifyBaseLogger
}

/** Builds the app for `config`, opening and seeding its store unless one is given. */
export async function buildApp (config: Config, dependencies: AppDependencies = {}): Promise<FastifyInstance> {
  const spec = dependencies.spec ?? await loadSpec()
  const store = dependencies.store ?? openStore(config, dependencies.realNow)
  try {
    await seedStore(store, config, dependencies.progress)
  } catch (error) {
    store.close()
    throw error
  }

  // Typed as Fastify's logger, so that the app is a plain FastifyInstance.
  const logger: FastifyBaseLogger = dependencies.logger ?? createLogger(config)
  const app = Fastify({
    loggerInstance: logger,
    // One line per request (below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: newRequestId,
    bodyLimit: BODY_LIMIT,
    frameworkErrors: frameworkError,
    schemaErrorFormatter: schemaError,
    // What Node's HTTP parser refuses, and a missing Host header (checked in
    // requestRules instead of by Node), get OnceHub's error body too.
    clientErrorHandler,
    // A request still arriving on an open connection while the server closes is
    // served, with `Connection: close` (Fastify adds it) so that the connection drains,
    // instead of Fastify's own 503 body.
    return503OnClosing: false,
    // A request, body included, must arrive whole in time (a body trickled a byte a
    // second would otherwise hold its connection forever). Node reads the timeout
    // when it makes the server, and looks once a second instead of every 30 s.
    requestTimeout: config.requestTimeoutMs,
    http: { requireHostHeader: false, requestTimeout: config.requestTimeoutMs, connectionsCheckingInterval: 1000 },
    // openapi.yaml lists GET, not HEAD: serve exactly what it describes.
    exposeHeadRoutes: false,
    // Long IDs reach validation and get its 400; only absurd ones are refused earlier.
    routerOptions: { maxParamLength: 1000 }
  })
  app.setValidatorCompiler(validatorCompiler())
  app.decorate('config', config)
  app.decorate('spec', spec)
  app.decorate('store', store)
  app.addHook('onClose', async () => { store.close() })

  // Webhooks go out off the request path: the dispatcher is told when the store
  // queues a delivery or the clock is moved (routes/mock.ts), and looks once a
  // second besides (completion on a running clock), never per request.
  const dispatcher = new Dispatcher(store, config.webhooks, app.log)
  app.decorate('webhooks', dispatcher)
  app.addHook('onReady', async () => { dispatcher.start() })
  app.addHook('preClose', async () => { await dispatcher.stop() })
  if (['info', 'debug', 'trace'].includes(config.logLevel)) {
    // A refused request's line says why: the message of the error body it was sent.
    const refusals = new WeakMap<FastifyRequest, string>()
    app.addHook('onSend', (request, reply, payload, done) => {
      const message = reply.statusCode >= 400 ? errorMessage(payload) : undefined
      if (message !== undefined) refusals.set(request, message)
      done(null, payload)
    })
    app.addHook('onResponse', (request, reply, done) => {
      const error = refusals.get(request)
      request.log.info({ method: request.method, url: request.url, statusCode: reply.statusCode, responseTime: reply.elapsedTime, ...(error === undefined ? {} : { error }) },
      `${request.method} ${request.url} → ${reply.statusCode}${error === undefined ? '' : ` ${error}`} (${reply.elapsedTime.toFixed(1)} ms)`)
      done()
    })
  }

  // Every operation of openapi.yaml must be served, and every route described:
  // remember which were served, and which routes openapi.yaml lacks.
  const served = new Set<string>()
  const undescribed: string[] = []
  app.addHook('onRoute', (route) => {
    const routes = route.config?.operationId === undefined ? adoptOperation(spec, route) : [[route.url, route.config.operationId]]
    for (const [url, operationId] of routes) {
      if (operationId === undefined) undescribed.push(`${[route.method].flat().join(',')} ${url}`)
      else served.add(operationId)
    }
  })

  await app.register(requestRules, { apiKeys: config.apiKeys })
  await app.register(errorHandling)
  await app.register(docsRoutes)
  await app.register(accountRoutes)
  await app.register(bookingRoutes)
  await app.register(bookingActionRoutes)
  await app.register(resourceRoutes)
  await app.register(schedulingRoutes)
  await app.register(webhookRoutes)
  await app.register(mockRoutes)
  await app.register(peopleRoutes)
  await app.register(notificationRoutes)
  await app.register(conversationRoutes)
  await app.ready()

  const missing = [...spec.routes.keys()].filter((id) => !served.has(id))
  if (missing.length > 0 || undescribed.length > 0) {
    await app.close()
    throw new Error(missing.length > 0
      ? `openapi.yaml operations without a handler: ${missing.join(', ')}`
      : `routes openapi.yaml does not describe: ${undescribed.join(', ')}`)
  }
  return app
}

/** The `message` of an error body (OnceHub's `{type, message, param?}`), if `payload` is one. */
function errorMessage (payload: unknown): string | undefined {
  if (typeof payload !== 'string' || !payload.startsWith('{')) return undefined
  try {
    const { message } = JSON.parse(payload) as { message?: unknown }
    return typeof message === 'string' ? message : undefined
  } catch {
    return undefined
  }
}

// A database file that cannot be opened is a bad setting, told in one line.
function openStore (config: Config, realNow?: () => number): Store {
  try {
    return createStore(config.dbPath, { realNow })
  } catch (error) {
    throw config.dbPath === null ? temporaryStoreError(temporaryFolder(), error) : storeOpenError(config.dbPath, error)
  }
}

/**
 * Gives a route that a plugin registered itself (Swagger UI's) the operation of
 * openapi.yaml at its URL: its method (@fastify/static adds HEAD), its config and
 * its query schema. Returns each URL the route serves with its operation's ID.
 */
function adoptOperation (spec: Spec, route: RouteOptions): Array<[string, string | undefined]> {
  const methods = [route.method].flat()
  const find = (url: string) => methods.map((method) => operationAt(spec, method, url)).find((found) => found !== undefined)
  const operation = find(route.url)
  if (operation !== undefined) {
    route.method = operation.method as HTTPMethods
    route.config = { ...route.config, ...operation.config }
    route.schema = { ...route.schema, querystring: operation.schema.querystring }
  }
  // Fastify also registers a prefix's '/' route with the slash, without calling onRoute again.
  const urls = (route as RouteOptions & { routePath?: string }).routePath === '' ? [route.url, `${route.url}/`] : [route.url]
  return urls.map((url) => [url, find(url)?.config.operationId])
}
