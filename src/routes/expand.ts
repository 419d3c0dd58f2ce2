// `expand`: which fields to replace by the objects they name. Fields are listed
// comma-separated; on lists each may also be written `data.<field>`.

import { errors } from '../errors.ts'

/** The fields named by an `expand` value, checked against `expandable`. */
export function parseExpand<F extends string> (value: string | undefined, expandable: readonly F[], onList: boolean): F[] {
  if (value === undefined) return []
  const fields = new Set<F>()
  for (const part of value.split(',')) {
    const name = part.trim()
    if (name === '') continue
    const field = onList && name.startsWith('data.') ? name.slice('data.'.length) : name
    if (!(expandable as readonly string[]).includes(field)) throw errors.cannotExpand(name)
    fields.add(field as F)
  }
  return [...fields]
}
