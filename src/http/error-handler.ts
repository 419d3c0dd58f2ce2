// Maps every failure to OnceHub's error body: ApiErrors as they are, validation
// failures from the route schemas to the documented 400s, Fastify's own client
// errors to the same shape, and anything unexpected to a logged, generic 500.

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { parse as parseQuery } from 'node:querystring'
import { ApiError, errors } from '../errors.ts'
import { INTEGER_TEXT } from '../openapi/spec.ts'
import { operationBodyError } from './body-errors.ts'

interface ValidationIssue {
  keyword: string
  instancePath: string
  params: Record<string, unknown>
  message?: string
}

/** The ApiError for a request that failed its route schema. */
export function fromValidation (issue: ValidationIssue, input: unknown, context?: string): ApiError {
  if (issue.keyword === 'additionalProperties') {
    const parent = pathOf(issue.instancePath)
    return errors.unknownParameter([...parent, String(issue.params.additionalProperty)].join('.'))
  }
  const path = pathOf(issue.instancePath)
  if (issue.keyword === 'required') {
    return errors.missingParameter([...path, String(issue.params.missingProperty)].join('.'))
  }
  if (path.length === 0 && issue.keyword === 'type') return errors.bodyNotObject()
  if (path.length === 0 && issue.keyword === 'minProperties') return errors.emptyBody()
  const name = path.join('.')
  const raw = path.reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], input)
  const value = scalarText(raw)
  if (context === 'querystring') {
    if (Array.isArray(raw) && issue.keyword === 'type') return errors.multipleValues(name)
    if (name === 'limit' && (issue.keyword === 'minimum' || issue.keyword === 'maximum')) return errors.limitOutOfRange(value)
    if (name === 'status') return errors.invalidStatus(value)
    if (name.endsWith('.gt') || name.endsWith('.lt')) return errors.invalidDate(name, value)
    if (name === 'recipient_type' && issue.keyword === 'enum') return errors.invalidString(name, value)
    if (name === 'expand' && issue.keyword === 'pattern') return errors.cannotExpand(unexpandable(value, String(issue.params.pattern)))
  }
  if (issue.keyword === 'maxLength') return errors.tooLong(name, Number(issue.params.limit))
  if (name === 'location.type') return errors.locationNotVirtual()
  if (issue.keyword === 'enum') return errors.invalidValue(name, `must be one of ${(issue.params.allowedValues as unknown[]).join(', ')}`)
  if (issue.keyword === 'format' && issue.params.format === 'date-time') return errors.invalidDateTime(name, value)
  if ((issue.keyword === 'type' && issue.params.type === 'integer') || issue.params.pattern === INTEGER_TEXT) return errors.invalidInteger(name, value)
  return errors.invalidValue(name, issue.message ?? 'not a valid value')
}

// A value as a message quotes it: scalars as written, arrays and objects only by
// kind, since String() walks the whole value (a 6 kB body nesting arrays thousands
// deep overflowed the stack doing so).
function scalarText (value: unknown): string {
  if (Array.isArray(value)) return '[…]'
  return value !== null && typeof value === 'object' ? '{…}' : String(value)
}

// openapi.yaml's `expand` pattern accepts a list of the expandable names; one name
// alone is such a list, so the first item it refuses is the one to name.
function unexpandable (value: string, pattern: string): string {
  const accepts = new RegExp(pattern, 'u')
  return value.split(',').find((item) => !accepts.test(item))?.trim() ?? value
}

// Ajv's instance paths are JSON pointers: '/a/b', with '~1' for '/' and '~0' for '~'.
function pathOf (pointer: string): string[] {
  return pointer.split('/').slice(1).map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
}

function queryAsSent (url: string): Record<string, unknown> {
  const start = url.indexOf('?')
  return start < 0 ? {} : parseQuery(url.slice(start + 1))
}

function toApiError (error: FastifyError, request: FastifyRequest): ApiError {
  if (error instanceof ApiError) return error
  if (error.validation && error.validation.length > 0) {
    const context = error.validationContext
    // An empty path segment names nothing: `/v2/bookings/` is no booking's URL.
    if (context === 'params' && Object.values(request.params as object).includes('')) {
      return errors.unrecognizedUrl(request.method, request.url.split('?')[0] ?? '')
    }
    // Query values as sent: validation has coerced request.query's in place.
    const input = context === 'querystring' ? queryAsSent(request.url) : context === 'params' ? request.params : request.body
    const issue = error.validation[0] as ValidationIssue
    // Some operations word their body's failures OnceHub's own way (body-errors.ts).
    const worded = context === 'body' ? operationBodyError(request.routeOptions.config.operationId, { ...issue, path: pathOf(issue.instancePath) }, input) : undefined
    return worded ?? fromValidation(issue, input, context)
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': return errors.bodyTooLarge(request.routeOptions.bodyLimit ?? 0)
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': return errors.unsupportedMediaType(request.headers['content-type'] ?? '')
  }
  const status = error.statusCode ?? 500
  // Fastify's other client errors (a malformed URL, a bad Content-Length, ...) keep
  // their status and a message with the internal error code left out.
  if (status >= 400 && status < 500) return new ApiError(status, 'invalid_request_error', error.message.replace(/^FST_\w+:\s*/, ''))
  return errors.internal()
}

/**
 * Fastify's `schemaErrorFormatter`: the Error a schema failure travels in, to the
 * error handler above, which reads only its `validation`.
 */
export function schemaError (issues: Array<{ instancePath: string, message?: string }>, dataVar: string): Error {
  return new Error(issues.map((issue) => `${dataVar}${issue.instancePath} ${issue.message ?? 'is not valid'}`).join(', '))
}

/**
 * Errors the router raises before any hook runs (a malformed percent-encoding, an
 * over-long path segment): Fastify's `frameworkErrors` option.
 */
export function frameworkError (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const apiError = error.code === 'FST_ERR_MAX_PARAM_LENGTH'
    ? new ApiError(414, 'invalid_request_error', 'A segment of the URL path is too long.')
    : errors.malformedUrl(request.url.split('?')[0] ?? '')
  reply.header('Request-Id', request.id).code(apiError.statusCode).send(apiError.toBody())
}

/** Installs the error and not-found handlers for the whole app. */
export const errorHandling = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    let apiError: ApiError
    try {
      apiError = toApiError(error, request)
    } catch (failure) {
      // Describing the error failed: still OnceHub's 500, never Fastify's own body.
      request.log.error({ err: failure, cause: error }, 'unexpected error while answering an error')
      apiError = errors.internal()
    }
    if (apiError.statusCode >= 500) request.log.error({ err: error }, 'unexpected error')
    return reply.code(apiError.statusCode).send(apiError.toBody())
  })
  app.setNotFoundHandler((request, reply) => {
    const apiError = errors.unrecognizedUrl(request.method, request.url.split('?')[0] ?? '')
    return reply.code(404).send(apiError.toBody())
  })
}, { name: 'error-handling', fastify: '5.x' })
