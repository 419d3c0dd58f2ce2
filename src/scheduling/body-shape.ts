// Small checks of a JSON request body's shape, for the scheduling bodies whose
// nested fields the route's schema does not reach: each failure is the project's
// usual 400, naming the field by its dotted path (`weekly.working_hours.locations`).

import { errors } from '../errors.ts'

/** Whether a JSON value is an object (not an array, not null). */
export function isObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Refuses any key of `object` that `allowed` lacks: `Received unknown parameter: <prefix.key>`. */
export function checkKeys (object: Record<string, unknown>, allowed: readonly string[], prefix = ''): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) throw errors.unknownParameter(prefix === '' ? key : `${prefix}.${key}`)
  }
}

/** `value` as an array, or 400 `Invalid <param>: must be an array.` */
export function arrayOf (value: unknown, param: string): unknown[] {
  if (!Array.isArray(value)) throw errors.invalidValue(param, 'must be an array')
  return value
}

/** `value` as an object with only the `allowed` keys, or 400 naming `param`. */
export function objectOf (value: unknown, param: string, allowed: readonly string[]): Record<string, unknown> {
  if (!isObject(value)) throw errors.invalidValue(param, 'must be an object')
  checkKeys(value, allowed, param)
  return value
}

/** The field `key` of `object`, required: 400 `Missing required param: <param>.` when absent. */
export function required (object: Record<string, unknown>, key: string, param: string): unknown {
  if (!(key in object) || object[key] === undefined) throw errors.missingParameter(param)
  return object[key]
}

/** An optional string field: absent or null is null; anything but a string is 400 naming `param`. */
export function optionalString (value: unknown, param: string): string | null {
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') throw errors.invalidValue(param, 'must be a string')
  return value
}
