// Registering the handler of one of openapi.yaml's operations: its method, URL,
// schemas and config come from the contract (openapi/spec.ts), and what its handler
// receives is typed from the types generated from the same contract.

import type { FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault, RouteHandlerMethod } from 'fastify'
import { routeFor } from '../openapi/spec.ts'
import type { operations } from '../openapi/types.gen.ts'

export type OperationId = keyof operations

type JsonBody<R> = R extends { content: { 'application/json': infer B } } ? B : never

/** A request to operation `Id` once validated: its path parameters, query (defaults applied) and body (`{}` when none was sent). */
export interface OperationRequest<Id extends OperationId> {
  Params: NonNullable<operations[Id]['parameters']['path']>
  Querystring: NonNullable<operations[Id]['parameters']['query']>
  Body: JsonBody<NonNullable<operations[Id]['requestBody']>>
}

/** The handler of operation `Id`. */
export type OperationHandler<Id extends OperationId> =
  RouteHandlerMethod<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, OperationRequest<Id>>

/** Serves operation `operationId` of openapi.yaml with `handler`. */
export function serve<Id extends OperationId> (app: FastifyInstance, operationId: Id, handler: OperationHandler<Id>): void {
  app.route<OperationRequest<Id>>({ ...routeFor(app.spec, operationId), handler })
}
