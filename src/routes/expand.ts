// `expand`: replace IDs in an object by the objects they name. Fields are listed
// comma-separated; on lists each may also be written `data.<field>`.

import { errors } from '../errors.ts'

/** The fields named by an `expand` value, checked against `expandable`. */
export function parseExpand (value: string | undefined, expandable: readonly string[], onList: boolean): string[] {
  if (value === undefined) return []
  const fields = new Set<string>()
  for (const part of value.split(',')) {
    const name = part.trim()
    if (name === '') continue
    const field = onList && name.startsWith('data.') ? name.slice('data.'.length) : name
    if (!expandable.includes(field)) throw errors.cannotExpand(name)
    fields.add(field)
  }
  return [...fields]
}

/**
 * Returns a function that expands `fields` of an object. Lookups are remembered,
 * so a page of bookings with one owner fetches that owner once. An empty or null
 * ID stays as it is, and so does an ID that names nothing.
 */
export function expander<T extends object> (fields: readonly string[], fetchers: Readonly<Record<string, (id: string) => object | undefined>>): (object: T) => T {
  if (fields.length === 0) return (object) => object
  const seen = new Map<string, object | undefined>()
  return (object) => {
    const out = { ...object } as Record<string, unknown>
    for (const field of fields) {
      const id = out[field]
      if (typeof id !== 'string' || id === '') continue
      const key = `${field}:${id}`
      if (!seen.has(key)) seen.set(key, fetchers[field]?.(id))
      out[field] = seen.get(key) ?? id
    }
    return out as T
  }
}
