// OnceHub's own error bodies, as its contract gives them (test/helpers/oncehub-contract.json),
// and a way to catch the ApiError a call throws, to compare the two exactly.

import { ApiError, type ErrorBody } from '../../src/errors.ts'
import { oncehub as contract } from '../helpers/oncehub.ts'

/** What a client receives: the status and the body. */
export interface Refusal {
  status: number
  body: ErrorBody
}

/** The error body OnceHub documents for `operationId` with this status and message; throws when it documents none. */
export function documented (operationId: string, status: number, message: string): Refusal {
  const operation = contract.operations.find((o) => o.operationId === operationId)
  const body = operation?.responses[String(status)]?.error_examples?.find((e) => e.message === message)
  if (body === undefined) throw new Error(`OnceHub documents no ${status} '${message}' for ${operationId}`)
  return { status, body: body as ErrorBody }
}

/** An invalid_request_error the mock decides, written out. */
export function refusal (status: number, message: string, param?: string): Refusal {
  return { status, body: param === undefined ? { type: 'invalid_request_error', message } : { type: 'invalid_request_error', message, param } }
}

/** The refusal `run` throws as an ApiError; anything else (a return, another error) is a failure. */
export function refusalOf (run: () => unknown): Refusal | string {
  try {
    run()
  } catch (error) {
    if (error instanceof ApiError) return { status: error.statusCode, body: error.toBody() }
    return `threw ${String(error)}`
  }
  return 'did not throw'
}
