// Requests that Node's HTTP parser refuses (a malformed request line or header, a
// bad Content-Length, headers past the size limit) never reach Fastify's hooks or
// error handler: Fastify's `clientErrorHandler` option answers them, here in
// OnceHub's error shape with a Request-Id like every other response.

import type { FastifyInstance } from 'fastify'
import { maxHeaderSize, STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import { errors, type ApiError } from '../errors.ts'
import { newRequestId } from './request-rules.ts'

interface ParserError extends Error {
  code?: string
  /** llhttp's description of what it could not parse, e.g. `Invalid method encountered`. */
  reason?: string
}

/** The ApiError for a request the HTTP parser refused. */
export function fromParserError (error: ParserError): ApiError {
  if (error.code === 'HPE_HEADER_OVERFLOW') return errors.headersTooLarge(maxHeaderSize)
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return errors.requestTimeout()
  return errors.malformedRequest(error.reason ?? 'the request could not be parsed')
}

/** Fastify's `clientErrorHandler`: writes the error on the raw socket, then closes it. */
export function clientErrorHandler (this: FastifyInstance, error: ParserError, socket: Socket): void {
  // A reset connection has no one to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  this.log.debug({ err: error }, 'client error')
  // As Node's own handler: never write into a response that has already begun.
  const response = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage
  if (socket.writable && response?.headersSent !== true) {
    const apiError = fromParserError(error)
    const body = JSON.stringify(apiError.toBody())
    socket.write(`HTTP/1.1 ${apiError.statusCode} ${STATUS_CODES[apiError.statusCode] ?? ''}\r\n` +
      `Request-Id: ${newRequestId()}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
  }
  socket.destroy(error)
}
