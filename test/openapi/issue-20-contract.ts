// Issue 20's part of test/openapi/oncehub-contract.test.ts: where openapi.yaml is
// wider than OnceHub's document on purpose for the writes of contacts and users and
// the SMS notifications, one row per error body OnceHub documents for them, and the
// responses and events the survey of fields beyond OnceHub's schemas must also see.

import type { Client } from '../helpers/app.ts'
import { create, post } from '../helpers/bookings.ts'
import { extrasOf } from '../helpers/oncehub.ts'

const REDACTED = 'OnceHub\'s "Deleted resources" page: a deleted object asked for by ID or expanded is `{id, object, deleted: true}` (docs/where-the-mock-decides.md, "Deleted users and contacts").'
const STATUS_NULL = 'OnceHub describes `status`: "If any other value is provided or no value is provided, the status will be set to null."'

/** Where openapi.yaml is wider than OnceHub's document on purpose, for issue 20's operations. */
export const DELIBERATE_20: ReadonlyArray<[string, string]> = [
  ...['GET /v2/bookings 200/data/items', 'GET /v2/bookings/{id} 200', ...['cancel', 'request-reschedule', 'reassign', 'no-show'].map((action) => `POST /v2/bookings/{id}/${action} 200`)]
    .flatMap((at) => ['owner', 'contact'].map((field): [string, string] => [`${at}/${field}: deleted, a field OnceHub does not define`, REDACTED])),
  ['GET /v2/users/{id} 200: deleted, a field OnceHub does not define', REDACTED],
  ['GET /v2/contacts/{id} 200: deleted, a field OnceHub does not define', REDACTED],
  ...['gt', 'lt'].map((op): [string, string] => [`GET /v2/notifications/sms query.creation_time.${op}: not kept to OnceHub's format date-time`,
    'Date filters take YYYY-MM-DD as well as RFC 3339 date-times, as on every other list (docs/where-the-mock-decides.md, "Date filters").']),
  ['POST /v2/contacts body/status: any value, where OnceHub allows only ["Qualified","Sales qualified","Marketing qualified","Disqualified",null]', STATUS_NULL],
  ['PATCH /v2/contacts/{id} body/status: any value, where OnceHub allows only ["Qualified","Sales qualified","Marketing qualified","Disqualified"]', STATUS_NULL]
]

type Row = (api: Client) => Promise<{ method?: string, url: string, payload?: unknown, as?: Record<string, string> }>

const CARRIE = { first_name: 'Carrie', last_name: 'Customer', email: 'carrie.customer@gmail.com' }
const someContact = async (api: Client): Promise<string> => (await api.get('/v2/contacts?limit=1')).json().data[0].id
// A user the API can change: not the account owner.
const someMember = async (api: Client): Promise<string> =>
  (await api.get('/v2/users?limit=100')).json().data.find((user: { role_name: string }) => user.role_name !== 'Account Owner').id
const owner = async (api: Client): Promise<string> =>
  (await api.get(`/v2/users?email=${api.app.store.dataset.info().accountEmail}`)).json().data[0].id

function identifierRow (): Row {
  const fields = [['email', 'carrie@example.com'], ['mobile_phone', '+12025550100']] as const
  let calls = 0
  return async (api) => {
    const [field, value] = fields[calls++ % fields.length]!
    return { method: 'PATCH', url: `/v2/contacts/${await someContact(api)}`, payload: { [field]: value } }
  }
}

/** One row per error body OnceHub documents for issue 20's operations: how to reach it, or why the mock cannot. */
export const ERRORS_20: Record<string, Row | string> = {
  "add-a-new-contact 400 At least one of 'email' or 'mobile_phone' is required.": async () => ({ method: 'POST', url: '/v2/contacts', payload: { first_name: 'Carrie', last_name: 'Customer' } }),
  'add-a-new-contact 400 first_name is required': async () => ({ method: 'POST', url: '/v2/contacts', payload: { last_name: 'Customer', email: 'c@example.com' } }),
  'add-a-new-contact 400 last_name is required': async () => ({ method: 'POST', url: '/v2/contacts', payload: { first_name: 'Carrie', email: 'c@example.com' } }),
  "add-a-new-contact 400 Invalid email format: 'john.doe@invalid'": async () => ({ method: 'POST', url: '/v2/contacts', payload: { ...CARRIE, email: 'john.doe@invalid' } }),
  "add-a-new-contact 400 Invalid phone format: '+91999999'": async () => ({ method: 'POST', url: '/v2/contacts', payload: { ...CARRIE, mobile_phone: '+91999999' } }),
  'add-a-new-contact 400 Unsupported fields': async () => ({ method: 'POST', url: '/v2/contacts', payload: { ...CARRIE, source: 'OHAPI' }, as: { '{param_name}': 'source' } }),
  "add-a-new-contact 409 Contact already exists: 'carrie.customer@gmail.com'": async (api) => {
    await post(api, '/v2/contacts', CARRIE)
    return { method: 'POST', url: '/v2/contacts', payload: { ...CARRIE, email: 'Carrie.Customer@gmail.com' }, as: { 'carrie.customer@gmail.com': 'Carrie.Customer@gmail.com' } }
  },
  "add-a-new-contact 409 Contact already exists: '+12025550195'": async (api) => {
    const phoned = { first_name: 'Phil', last_name: 'Phone', mobile_phone: '+12025550195' }
    await post(api, '/v2/contacts', phoned)
    return { method: 'POST', url: '/v2/contacts', payload: phoned }
  },
  'update-a-contact 400 At least one field must be provided to update.': async (api) => ({ method: 'PATCH', url: `/v2/contacts/${await someContact(api)}`, payload: {} }),
  // OnceHub documents this message twice, for `email` then for `mobile_phone`: one row, called once for each.
  'update-a-contact 400 Identifier fields (email, mobile_phone) cannot be updated via this endpoint': identifierRow(),
  "update-a-contact 400 Invalid phone format: '+91999999'": async (api) => ({ method: 'PATCH', url: `/v2/contacts/${await someContact(api)}`, payload: { phone: '+91999999' } }),
  "update-a-contact 400 Invalid timezone: 'Invalid/Timezone'": async (api) => ({ method: 'PATCH', url: `/v2/contacts/${await someContact(api)}`, payload: { timezone: 'Invalid/Timezone' } }),
  "update-a-contact 400 Invalid email format: 'invalid-email'": async (api) => ({ method: 'PATCH', url: `/v2/contacts/${await someContact(api)}`, payload: { email: 'invalid-email' } }),
  "update-a-contact 400 Custom field 'unknown_field' does not exist in field library": async (api) =>
    ({ method: 'PATCH', url: `/v2/contacts/${await someContact(api)}`, payload: { custom_fields: [{ name: 'unknown_field', value: 'x' }] } }),
  'update-a-contact 400 Unsupported field': async (api) => ({ method: 'PATCH', url: `/v2/contacts/${await someContact(api)}`, payload: { source: 'OHAPI' }, as: { '{param_name}': 'source' } }),
  "update-a-contact 404 No such contact: 'CTC-NOTFOUND'": async () => ({ method: 'PATCH', url: '/v2/contacts/CTC-NOTFOUND', payload: { first_name: 'Carrie' } }),
  'update-a-contact 500 An internal error occurred while processing your request': 'No request makes the mock fail: an unexpected failure answers its one generic 500 (docs/where-the-mock-decides.md, "Unexpected failures").',
  "delete-a-contact 404 No such contact: '123'": async () => ({ method: 'DELETE', url: '/v2/contacts/123' }),

  'add-a-new-user 400 Required fields are missing.': async () => ({ method: 'POST', url: '/v2/users', payload: { first_name: 'Carrie', last_name: 'Customer' } }),
  "add-a-new-user 400 Invalid first_name: 'fir[/*st_na*/]?me'": async () => ({ method: 'POST', url: '/v2/users', payload: { ...CARRIE, first_name: 'fir[/*st_na*/]?me' } }),
  "add-a-new-user 400 Invalid last_name: 'la[/*st_na*/]?me'": async () => ({ method: 'POST', url: '/v2/users', payload: { ...CARRIE, last_name: 'la[/*st_na*/]?me' } }),
  'add-a-new-user 400 Unsupported fields': async () => ({ method: 'POST', url: '/v2/users', payload: { ...CARRIE, timezone: 'Europe/Paris' }, as: { '{param_name}': 'timezone' } }),
  "add-a-new-user 400 Email already exists: 'carrie.customer@gmail.com'": async (api) => {
    await post(api, '/v2/users', CARRIE)
    return { method: 'POST', url: '/v2/users', payload: CARRIE }
  },
  "add-a-new-user 400 Invalid role name: 'Super Admin'": async () => ({ method: 'POST', url: '/v2/users', payload: { ...CARRIE, role_name: 'Super Admin' } }),
  "add-a-new-user 400 Invalid team(s): 'TM-INVALID1', 'TM-INVALID2'": async () => ({ method: 'POST', url: '/v2/users', payload: { ...CARRIE, email: 'teamless@example.com', teams: ['TM-INVALID1', 'TM-INVALID2'] } }),
  'add-a-new-user 422 You have reached the user limit for your current plan. To add more users, please upgrade your account.': async (api) => {
    // The account fills up to OnceHub's 500 users; the rows after this one add none.
    for (let n = 0; n < 600; n++) {
      try {
        api.app.store.users.invite({ email: `filler${n}@example.com`, first_name: 'Filler', last_name: `Number ${n}` })
      } catch {
        break
      }
    }
    return { method: 'POST', url: '/v2/users', payload: { ...CARRIE, email: 'one.too.many@example.com' } }
  },
  'add-a-new-user 500 An unexpected error occurred. Please try again later.': 'No request makes the mock fail: an unexpected failure answers this generic 500 (docs/where-the-mock-decides.md, "Unexpected failures").',
  'update-a-user 400 At least one field must be provided to update.': async (api) => ({ method: 'PATCH', url: `/v2/users/${await someMember(api)}`, payload: {} }),
  "update-a-user 400 Invalid first name: ''": async (api) => ({ method: 'PATCH', url: `/v2/users/${await someMember(api)}`, payload: { first_name: '' } }),
  "update-a-user 400 Invalid role name: 'InvalidRole'": async (api) => ({ method: 'PATCH', url: `/v2/users/${await someMember(api)}`, payload: { role_name: 'InvalidRole' } }),
  "update-a-user 400 The 'Account Owner' role cannot be assigned directly via the API.": async (api) => ({ method: 'PATCH', url: `/v2/users/${await someMember(api)}`, payload: { role_name: 'Account Owner' } }),
  'update-a-user 400 Must be an array of strings.': async (api) => ({ method: 'PATCH', url: `/v2/users/${await someMember(api)}`, payload: { teams: 'TM-GCJU8DLBTPY1' } }),
  "update-a-user 400 Invalid team(s): 'TM-INVALID1', 'TM-INVALID2'": async (api) => ({ method: 'PATCH', url: `/v2/users/${await someMember(api)}`, payload: { teams: ['TM-INVALID1', 'TM-INVALID2'] } }),
  'update-a-user 400 Unsupported field': async (api) => ({ method: 'PATCH', url: `/v2/users/${await someMember(api)}`, payload: { email: 'new@example.com' }, as: { '{param_name}': 'email' } }),
  "update-a-user 403 Cannot update 'Account Owner' user.": async (api) => ({ method: 'PATCH', url: `/v2/users/${await owner(api)}`, payload: { first_name: 'Ann' } }),
  "update-a-user 404 No such user: 'USR-NOTFOUND'": async () => ({ method: 'PATCH', url: '/v2/users/USR-NOTFOUND', payload: { first_name: 'Ann' } }),
  "update-a-user 410 User cannot be modified as they have been deleted: 'USR-A1B2C3'": async (api) => {
    const id = await someMember(api)
    await api.request({ method: 'DELETE', url: `/v2/users/${id}` })
    return { method: 'PATCH', url: `/v2/users/${id}`, payload: { first_name: 'Ann' }, as: { 'USR-A1B2C3': id } }
  },
  "delete-a-user 404 No such user: '123'": async () => ({ method: 'DELETE', url: '/v2/users/123' }),

  'list-all-sms-notifications 400 Invalid string: customer': async () => ({ url: '/v2/notifications/sms?recipient_type=customer' }),
  'list-all-sms-notifications 400 creation_time.gt cannot be later than creation_time.lt': async () => ({ url: '/v2/notifications/sms?creation_time.gt=2026-01-02T00:00:00Z&creation_time.lt=2026-01-01T00:00:00Z' }),
  'list-all-sms-notifications 400 This property cannot be expanded: invalid_property': async () => ({ url: '/v2/notifications/sms?expand=invalid_property' }),
  'list-all-sms-notifications 400 Out of range value: 500. Please provide a number between 1 and 100.': async () => ({ url: '/v2/notifications/sms?limit=500' }),
  'list-all-sms-notifications 400 Received both before and after parameters. Please provide only one.': async () => ({ url: '/v2/notifications/sms?before=a&after=b' })
}

/**
 * The fields beyond OnceHub's schemas in what issue 20 adds: SMS notifications with
 * their recipients, a deleted user and contact (by ID and expanded), and a
 * conversation event in the delivery log.
 */
export async function extras20 (api: Client): Promise<string[]> {
  await post(api, '/v2/webhooks', { name: 'Conversations', url: 'http://127.0.0.1:9/hooks', events: ['conversation'] })
  const booking = await create(api, 'scheduled')
  const member = (await api.get('/v2/users?limit=100')).json().data.find((user: { id: string }) => user.id === booking.owner)
  await api.request({ method: 'DELETE', url: `/v2/users/${member.id as string}` })
  await api.request({ method: 'DELETE', url: `/v2/contacts/${booking.contact as string}` })
  await post(api, '/_mock/conversations', { email: 'visitor@example.com' })
  const urls = ['/v2/notifications/sms?limit=100&expand=recipient', `/v2/users/${member.id as string}`, `/v2/contacts/${booking.contact as string}`,
    `/v2/bookings/${booking.id as string}?expand=owner,contact`]
  const found: string[] = []
  for (const url of urls) found.push(...extrasOf('GET', url, await api.get(url)))
  for (const delivery of (await api.get('/_mock/webhook-deliveries?limit=100&type=conversation.started')).json().data) {
    found.push(...extrasOf('EVENT', delivery.event.type, { statusCode: 200, body: JSON.stringify(delivery.event) }))
  }
  return found
}
