// Route validation compiled from openapi.yaml's schemas. Query strings and path
// parameters arrive as text, so their values are coerced to the schema's types;
// JSON bodies are not, so that `"send_cancellation_email": "true"` or a number
// where a string belongs is refused, as a contract target must.

import { Ajv, type Options, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifySchemaCompiler } from 'fastify'

// Strict mode refuses an unknown keyword, a wrong type or a bad pattern. The schemas
// themselves are checked against OpenAPI 3.1's dialect by test/openapi/openapi.test.ts.
const COMMON: Options = { removeAdditional: false, useDefaults: true, allErrors: false, strict: true, validateSchema: false }

function ajvWith (options: Options): Ajv {
  const ajv = new Ajv({ ...COMMON, ...options })
  addFormats.default(ajv)
  return ajv
}

/** Fastify's validator compiler: coercing for query and params, strict for bodies. */
export function validatorCompiler (): FastifySchemaCompiler<unknown> {
  // Made on first use too: a GET needs no body validator.
  let coercing: Ajv | undefined
  let exact: Ajv | undefined
  // Routes share schemas (seventy-odd compiles, twenty-odd distinct): each distinct
  // one is compiled once, and only when a request first needs it, so that start-up
  // (a tenth of a second of compiling) does not wait for routes a client may never call.
  const compiled = new Map<string, ValidateFunction>()
  return ({ schema, httpPart }) => {
    let validate: ValidateFunction | undefined
    // Fastify reads a failed validation's `errors` from the function it was given.
    const onFirstUse = Object.assign((data: unknown): boolean => {
      if (validate === undefined) {
        const ajv = httpPart === 'body' ? (exact ??= ajvWith({ coerceTypes: false })) : (coercing ??= ajvWith({ coerceTypes: 'array' }))
        const key = `${httpPart === 'body' ? 'exact' : 'coercing'} ${JSON.stringify(schema)}`
        validate = compiled.get(key)
        if (validate === undefined) compiled.set(key, validate = ajv.compile(schema as object))
      }
      const valid = validate(data) as boolean
      onFirstUse.errors = validate.errors
      return valid
    }, { errors: null as ValidateFunction['errors'] })
    return onFirstUse as ReturnType<FastifySchemaCompiler<unknown>>
  }
}
