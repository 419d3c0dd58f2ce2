// Is one JSON Schema narrower than another? `widenings(ours, theirs)` lists every
// way a value could satisfy `ours` and not `theirs`, as far as the keywords both
// documents use can tell: a type, an enum value or a `null` that `theirs` does not
// allow, a field it does not define, a field it requires and `ours` does not, a
// looser bound, a format or pattern `ours` does not keep. Narrower is fine: more
// required fields, fewer enum values, tighter bounds, extra patterns.

export type Schema = Record<string, any>

/** Follows `$ref`s of the document a schema comes from. */
export type Resolve = (schema: Schema) => Schema

const ALL_TYPES = ['string', 'number', 'boolean', 'array', 'object', 'null']

// Keywords that say nothing about which values are valid.
const ANNOTATIONS = new Set(['description', 'title', 'example', 'examples', 'default', 'readOnly', 'writeOnly', 'deprecated', '$comment', 'summary'])

/** Every way `ours` is wider than `theirs`, each as `<where>: <what>`; empty when it is not. */
export function widenings (ours: Schema, theirs: Schema, at: string, resolveOurs: Resolve, resolveTheirs: Resolve): string[] {
  ours = merged(resolveOurs(ours), resolveOurs)
  theirs = merged(resolveTheirs(theirs), resolveTheirs)
  if (constraints(theirs).length === 0) return []
  // Each alternative of ours must fit one of theirs.
  const ourBranches = (ours.oneOf ?? ours.anyOf) as Schema[] | undefined
  if (ourBranches !== undefined) {
    const { oneOf: _o, anyOf: _a, ...rest } = ours
    return ourBranches.flatMap((branch) => widenings({ ...rest, ...resolveOurs(branch) }, theirs, at, resolveOurs, resolveTheirs))
  }
  const theirBranches = (theirs.oneOf ?? theirs.anyOf) as Schema[] | undefined
  // A value of several types may fit a different alternative of theirs for each.
  const types = typesOf(ours)
  if (theirBranches !== undefined && Array.isArray(ours.type) && types !== undefined && types.size > 1) {
    return [...types].flatMap((type) => widenings({ ...ours, type }, theirs, at, resolveOurs, resolveTheirs))
  }
  if (theirBranches !== undefined) {
    const { oneOf: _o, anyOf: _a, ...rest } = theirs
    const tries = theirBranches.map((branch) => [...widenings(ours, rest, at, resolveOurs, resolveTheirs), ...widenings(ours, branch, at, resolveOurs, resolveTheirs)])
    if (tries.some((problems) => problems.length === 0)) return []
    // None fits: report against the closest of those of the same type.
    const ourTypes = typesOf(ours)
    const sameType = tries.filter((_, i) => {
      const types = typesOf(merged(resolveTheirs(theirBranches[i]!), resolveTheirs))
      return ourTypes === undefined || types === undefined || [...ourTypes].some((type) => types.has(type))
    })
    return (sameType.length > 0 ? sameType : tries).reduce((best, problems) => problems.length < best.length ? problems : best)
  }
  const problems: string[] = []
  const wider = (what: string) => problems.push(`${at || '/'}: ${what}`)

  const theirTypes = typesOf(theirs)
  const ourTypes = typesOf(ours)
  if (theirTypes !== undefined && !ALL_TYPES.every((type) => theirTypes.has(type))) {
    if (ourTypes === undefined) wider(`any type, where OnceHub allows ${[...theirTypes].join(' or ')}`)
    else {
      for (const type of ourTypes) {
        if (!theirTypes.has(type) && !(type === 'integer' && theirTypes.has('number'))) wider(`${type}, which OnceHub does not allow (${[...theirTypes].join(' or ')})`)
      }
    }
  }
  const theirValues = valuesOf(theirs)
  if (theirValues !== undefined) {
    const ourValues = valuesOf(ours)
    if (ourValues === undefined) wider(`any value, where OnceHub allows only ${JSON.stringify(theirValues)}`)
    else for (const value of ourValues) if (!theirValues.some((allowed) => allowed === value)) wider(`${JSON.stringify(value)}, which OnceHub does not allow`)
  }
  // Each keyword constrains values of one type only: a null has no format.
  const may = (...types: string[]) => ourTypes === undefined || types.some((type) => ourTypes.has(type))
  const strings = may('string') && valuesOf(ours) === undefined
  if (strings && theirs.format !== undefined && ours.format !== theirs.format) wider(`not kept to OnceHub's format ${theirs.format}`)
  if (strings && theirs.pattern !== undefined && ours.pattern !== theirs.pattern) wider(`not kept to OnceHub's pattern ${theirs.pattern}`)
  // Unset lower bounds of lengths and counts are 0.
  const zero = new Set(['minLength', 'minItems'])
  const below = (a: number, b: number) => a < b
  const above = (a: number, b: number) => a > b
  for (const [keyword, looser, type] of [['minimum', below, 'number'], ['exclusiveMinimum', below, 'number'], ['minLength', below, 'string'],
    ['minItems', below, 'array'], ['maximum', above, 'number'], ['exclusiveMaximum', above, 'number'], ['maxLength', above, 'string'],
    ['maxItems', above, 'array']] as const) {
    const bound = theirs[keyword] as number | undefined
    if (bound === undefined || !may(type, ...(type === 'number' ? ['integer'] : []))) continue
    const ourBound = (ours[keyword] ?? (zero.has(keyword) ? 0 : undefined)) as number | undefined
    if (ourBound === undefined || looser(ourBound, bound)) wider(`${keyword} ${ourBound ?? 'unset'}, looser than OnceHub's ${bound}`)
  }

  const theirProperties = theirs.properties as Record<string, Schema> | undefined
  const ourProperties = (ours.properties ?? {}) as Record<string, Schema>
  if (theirProperties !== undefined && may('object')) {
    for (const [name, schema] of Object.entries(ourProperties)) {
      const path = `${at}/${name}`
      if (theirProperties[name] === undefined) wider(`${name}, a field OnceHub does not define`)
      else problems.push(...widenings(schema, theirProperties[name], path, resolveOurs, resolveTheirs))
    }
  }
  const ourRequired = new Set((ours.required ?? []) as string[])
  if (may('object')) for (const name of (theirs.required ?? []) as string[]) if (!ourRequired.has(name)) wider(`${name} is not required, as OnceHub requires it`)
  if (may('object') && theirs.additionalProperties === false && ours.additionalProperties !== false && theirProperties !== undefined) wider('allows fields OnceHub forbids')
  if (theirs.items !== undefined && may('array')) {
    if (ours.items === undefined) wider('items of any kind')
    else problems.push(...widenings(ours.items as Schema, theirs.items as Schema, `${at}/items`, resolveOurs, resolveTheirs))
  }
  return problems
}

// A schema with its `allOf` parts folded in: their properties and required fields
// joined (a property several parts define must satisfy each), other keywords kept.
function merged (schema: Schema, resolve: Resolve): Schema {
  if (!Array.isArray(schema.allOf)) return schema
  const { allOf, ...rest } = schema
  const parts = [rest, ...(allOf as Schema[]).map((part) => merged(resolve(part), resolve))]
  const out: Schema = {}
  const properties: Record<string, Schema[]> = {}
  const required = new Set<string>()
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (key === 'properties') for (const [name, property] of Object.entries(value as Record<string, Schema>)) (properties[name] ??= []).push(property)
      else if (key === 'required') for (const name of value as string[]) required.add(name)
      else out[key] ??= value
    }
  }
  if (Object.keys(properties).length > 0) {
    out.properties = Object.fromEntries(Object.entries(properties).map(([name, list]) => [name, list.length === 1 ? list[0]! : { allOf: list }]))
  }
  if (required.size > 0) out.required = [...required]
  return out
}

function constraints (schema: Schema): string[] {
  return Object.keys(schema).filter((key) => !ANNOTATIONS.has(key))
}

// The JSON types a schema allows, from `type`, `const` or `enum`; undefined for any.
function typesOf (schema: Schema): Set<string> | undefined {
  if (schema.type !== undefined) return new Set([schema.type].flat() as string[])
  const values = valuesOf(schema)
  if (values === undefined) return undefined
  return new Set(values.map((value) => value === null ? 'null' : Number.isInteger(value) ? 'integer' : typeof value === 'number' ? 'number' : typeof value))
}

function valuesOf (schema: Schema): unknown[] | undefined {
  if (schema.const !== undefined) return [schema.const]
  return Array.isArray(schema.enum) ? schema.enum as unknown[] : undefined
}
