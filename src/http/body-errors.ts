// OnceHub words some validation failures of its writes of contacts and users in its
// own way: an unknown field is "Unsupported fields" (adding) or "Unsupported field"
// (updating), an empty update "At least one field must be provided to update.", a
// missing name "first_name is required". The route schema finds the failure; this
// says it as OnceHub does for the operation that failed, or leaves it to the
// generic wording (undefined).

import { ApiError, errors } from '../errors.ts'
import { isEmail, isE164 } from '../formats.ts'

/** One failure of a route schema, as Ajv reports it. */
export interface BodyIssue {
  keyword: string
  /** The path to the failing value, split: `['teams', '0']`. */
  path: string[]
  params: Record<string, unknown>
}

type Rule = (issue: BodyIssue, body: Record<string, unknown>) => ApiError | undefined

const text = (value: unknown): string => typeof value === 'string' ? value : JSON.stringify(value) ?? ''
const field = (issue: BodyIssue): string => issue.keyword === 'additionalProperties' ? String(issue.params.additionalProperty) : issue.path[0] ?? ''
const isNested = (issue: BodyIssue): boolean => issue.path.length > (issue.keyword === 'additionalProperties' ? 0 : 1)

// What adding and updating a user share: OnceHub's words for its role names and teams.
function userRule (issue: BodyIssue, body: Record<string, unknown>): ApiError | undefined {
  const name = field(issue)
  if (name === 'role_name' && issue.keyword === 'enum') return body.role_name === 'Account Owner' ? errors.accountOwnerRole() : errors.invalidRoleName(text(body.role_name))
  if (name === 'teams' && issue.keyword === 'type') return errors.teamsNotStrings()
  if (name === 'email' && issue.keyword === 'format') return errors.invalidEmailFormat(text(body.email))
  return undefined
}

const RULES: Record<string, Rule> = {
  createContact: (issue, body) => {
    if (issue.keyword === 'additionalProperties' && !isNested(issue)) return errors.unsupportedFields(field(issue))
    if (issue.keyword === 'required' && issue.path.length === 0) {
      const missing = String(issue.params.missingProperty)
      if (missing === 'first_name' || missing === 'last_name') return errors.fieldRequired(missing)
    }
    return undefined
  },
  updateContact: (issue, body) => {
    if (issue.path.length === 0 && issue.keyword === 'minProperties') return errors.nothingToUpdate()
    if (issue.keyword !== 'additionalProperties' || isNested(issue)) return undefined
    const name = field(issue)
    // The identifiers are checked as they would be on a new contact, then refused.
    if (name === 'email') return typeof body.email === 'string' && !isEmail(body.email) ? errors.invalidEmailFormat(body.email) : errors.identifierNotUpdatable('email')
    if (name === 'mobile_phone') return typeof body.mobile_phone === 'string' && !isE164(body.mobile_phone) ? errors.invalidPhoneFormat(body.mobile_phone, 'mobile_phone') : errors.identifierNotUpdatable('mobile_phone')
    return errors.unsupportedField(name)
  },
  createUser: (issue, body) => {
    if (issue.keyword === 'additionalProperties' && !isNested(issue)) return errors.unsupportedFields(field(issue))
    if (issue.keyword === 'required' && issue.path.length === 0) return errors.requiredFieldsMissing(String(issue.params.missingProperty))
    return userRule(issue, body)
  },
  updateUser: (issue, body) => {
    if (issue.path.length === 0 && issue.keyword === 'minProperties') return errors.nothingToUpdate()
    if (issue.keyword === 'additionalProperties' && !isNested(issue)) return errors.unsupportedField(field(issue))
    return userRule(issue, body)
  }
}

/** OnceHub's error for a failure of `operationId`'s body schema, where OnceHub words it its own way. */
export function operationBodyError (operationId: string | undefined, issue: BodyIssue, body: unknown): ApiError | undefined {
  const rule = operationId === undefined ? undefined : RULES[operationId]
  if (rule === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) return undefined
  return rule(issue, body as Record<string, unknown>)
}
