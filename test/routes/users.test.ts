// Writes of users: invite, update, delete, with team membership following them,
// and a deleted user's bookings, pages and calendars staying readable; every
// refusal with OnceHub's message, and nothing half-written.

import t from 'tap'
import { checkRefusals, invalid, type Client, type Refusal } from '../helpers/app.ts'
import { activeUsers, create, frozenApi, post } from '../helpers/bookings.ts'

const patch = async (api: Client, url: string, payload?: unknown) => await api.request({ method: 'PATCH', url, ...(payload === undefined ? {} : { payload: payload as object }) })
const del = async (api: Client, url: string) => await api.request({ method: 'DELETE', url })
const teamsOf = async (api: Client, user: string) => (await api.get(`/v2/teams?limit=100&user=${user}`)).json().data.map((team: { id: string }) => team.id).sort()

t.test('a user is invited, updated and deleted, and the teams follow', async (t) => {
  const api = await frozenApi(t)
  const teams = (await api.get('/v2/teams?limit=100')).json().data.map((team: { id: string }) => team.id) as string[]
  const accountOwner = (await api.get('/v2/users?limit=100')).json().data.find((u: { role_name: string }) => u.role_name === 'Account Owner')
  const res = await post(api, '/v2/users', { email: 'andrea.hartie@example.com', first_name: 'Andrea', last_name: 'Hartie', teams: [teams[0]] })
  t.equal(res.statusCode, 200)
  const user = res.json()
  t.match(user, { object: 'user', email: 'andrea.hartie@example.com', first_name: 'Andrea', last_name: 'Hartie', status: 'invited', role_name: 'Member', timezone: accountOwner.timezone, teams: [teams[0]] })
  t.strictSame((await api.get(`/v2/users/${user.id as string}`)).json(), user)
  t.strictSame((await api.get('/v2/users?email=Andrea.Hartie@example.com')).json().data, [user], 'found by email')
  t.strictSame(await teamsOf(api, user.id), [teams[0]], 'a member of its team')
  const calendars = (await api.get('/v2/booking-calendars?limit=100')).json().data.filter((c: { host: string }) => c.host === teams[0]).map((c: { id: string }) => c.id)
  const hosted = (await api.get(`/v2/booking-calendars?limit=100&host=${user.id as string}`)).json().data.map((c: { id: string }) => c.id)
  t.strictSame(hosted.sort(), calendars.sort(), "and a host of its team's calendars")

  const updated = (await patch(api, `/v2/users/${user.id as string}`, { first_name: 'Andie', role_name: 'Administrator', teams: [teams[1], teams[2]] })).json()
  t.match(updated, { first_name: 'Andie', last_name: 'Hartie', role_name: 'Administrator', teams: [teams[1], teams[2]] })
  t.strictSame(await teamsOf(api, user.id), [teams[1], teams[2]].sort(), 'teams are replaced')
  t.strictSame((await api.get(`/v2/users/${user.id as string}`)).json(), updated)

  t.strictSame((await del(api, `/v2/users/${user.id as string}`)).json(), { id: user.id, deleted: true })
  t.strictSame((await api.get(`/v2/users/${user.id as string}`)).json(), { id: user.id, object: 'user', deleted: true }, 'GET shows it redacted')
  t.strictSame((await api.get('/v2/users?email=andrea.hartie@example.com')).json().data, [], 'lists leave it out')
  t.strictSame(await teamsOf(api, user.id), [], 'it is in no team')
  t.strictSame((await api.get(`/v2/booking-calendars?host=${user.id as string}`)).json().data, [], 'and hosts no calendar')
  for (const res of [await patch(api, `/v2/users/${user.id as string}`, { first_name: 'A' }), await del(api, `/v2/users/${user.id as string}`)]) {
    t.equal(res.statusCode, 410)
    t.strictSame(res.json(), invalid(`User cannot be modified as they have been deleted: '${user.id as string}'`, 'id'))
  }
  t.equal((await post(api, '/v2/users', { email: 'andrea.hartie@example.com', first_name: 'Andrea', last_name: 'Hartie' })).statusCode, 200, "a deleted user's email is free again")
})

t.test("a deleted user's bookings, pages and calendars stay; it can no longer be booked or given bookings", async (t) => {
  const api = await frozenApi(t)
  const [owner, other] = activeUsers(api)
  const booking = await create(api, 'scheduled', { owner: owner.id })
  const others = await create(api, 'scheduled', { owner: other.id })
  const pages = (await api.get(`/v2/booking-pages?user=${owner.id}`)).json().data
  await del(api, `/v2/users/${owner.id}`)
  const read = (await api.get(`/v2/bookings/${booking.id as string}?expand=owner`)).json()
  t.strictSame(read.owner, { id: owner.id, object: 'user', deleted: true }, 'its bookings name it, redacted when expanded')
  t.ok((await api.get(`/v2/bookings?limit=100&owner=${owner.id}`)).json().data.some((b: { id: string }) => b.id === booking.id), 'the owner filter still finds them')
  t.strictSame((await api.get(`/v2/booking-pages?user=${owner.id}`)).json().data, pages, 'its booking pages stay')
  const refusals: Array<[string, unknown, object]> = [
    [`/v2/bookings/${others.id as string}/reassign`, { new_host: owner.id }, invalid('User is inactive.', 'new_host')],
    ['/_mock/bookings', { owner: owner.id }, invalid('User is inactive.', 'owner')],
    ['/_mock/bookings', { booking_page: pages[0].id }, invalid('User is inactive.', 'booking_page')]
  ]
  for (const [url, body, expected] of refusals) {
    const res = await post(api, url, body)
    t.equal(res.statusCode, 409, url)
    t.strictSame(res.json(), expected)
  }
  const moved = await post(api, `/v2/bookings/${booking.id as string}/reassign`, { new_host: other.id })
  t.equal(moved.statusCode, 200, 'its bookings can be given to another user')
})

t.test('the account owner cannot be changed or deleted', async (t) => {
  const api = await frozenApi(t)
  const owner = (await api.get(`/v2/users?email=${api.app.store.dataset.info().accountEmail}`)).json().data[0]
  const changed = await patch(api, `/v2/users/${owner.id as string}`, { first_name: 'Ann' })
  t.equal(changed.statusCode, 403)
  t.strictSame(changed.json(), invalid("Cannot update 'Account Owner' user."))
  const deleted = await del(api, `/v2/users/${owner.id as string}`)
  t.equal(deleted.statusCode, 403)
  t.strictSame(deleted.json(), invalid("Cannot delete 'Account Owner' user."))
  t.strictSame((await api.get(`/v2/users/${owner.id as string}`)).json(), owner, 'unchanged')
})

t.test("bad input is refused with OnceHub's message, and nothing is written", async (t) => {
  const api = await frozenApi(t)
  const member = (await api.get('/v2/users?limit=100')).json().data.find((u: { role_name: string }) => u.role_name !== 'Account Owner').id as string
  const taken = (await api.get('/v2/users?limit=1')).json().data[0].email as string
  const NEW = { email: 'new.user@example.com', first_name: 'New', last_name: 'User' }
  const cases: Refusal[] = [
    ['missing email', 'POST', '/v2/users', { first_name: 'A', last_name: 'B' }, 400, invalid('Required fields are missing.', 'email')],
    ['missing last name', 'POST', '/v2/users', { email: 'a@example.com', first_name: 'A' }, 400, invalid('Required fields are missing.', 'last_name')],
    ['unknown field', 'POST', '/v2/users', { ...NEW, status: 'active' }, 400, invalid('Unsupported fields', 'status')],
    ['name with symbols', 'POST', '/v2/users', { ...NEW, first_name: 'Ne<w>' }, 400, invalid("Invalid first_name: 'Ne<w>'", 'first_name')],
    ['blank last name', 'POST', '/v2/users', { ...NEW, last_name: ' ' }, 400, invalid("Invalid last_name: ' '", 'last_name')],
    ['malformed email', 'POST', '/v2/users', { ...NEW, email: 'new.user@invalid' }, 400, invalid("Invalid email format: 'new.user@invalid'", 'email')],
    ['email taken', 'POST', '/v2/users', { ...NEW, email: taken.toUpperCase() }, 400, invalid(`Email already exists: '${taken.toUpperCase()}'`, 'email')],
    ['account owner role', 'POST', '/v2/users', { ...NEW, role_name: 'Account Owner' }, 400, invalid("The 'Account Owner' role cannot be assigned directly via the API.", 'role_name')],
    ['unknown role', 'POST', '/v2/users', { ...NEW, role_name: 'Owner' }, 400, invalid("Invalid role name: 'Owner'", 'role_name')],
    ['teams not strings', 'POST', '/v2/users', { ...NEW, teams: [1] }, 400, invalid('Must be an array of strings.', 'teams')],
    ['unknown team', 'POST', '/v2/users', { ...NEW, teams: ['TM-NOPE'] }, 400, invalid("Invalid team(s): 'TM-NOPE'", 'teams')],
    ['empty update', 'PATCH', `/v2/users/${member}`, {}, 400, invalid('At least one field must be provided to update.', 'body')],
    ['update unknown field', 'PATCH', `/v2/users/${member}`, { timezone: 'UTC' }, 400, invalid('Unsupported field', 'timezone')],
    ['update bad last name', 'PATCH', `/v2/users/${member}`, { last_name: 'a/b' }, 400, invalid("Invalid last name: 'a/b'", 'last_name')],
    ['update teams not an array', 'PATCH', `/v2/users/${member}`, { teams: 'TM-X' }, 400, invalid('Must be an array of strings.', 'teams')],
    ['update unknown user', 'PATCH', '/v2/users/USR-NOPE', { first_name: 'A' }, 404, invalid("No such user: 'USR-NOPE'", 'id')],
    ['delete unknown user', 'DELETE', '/v2/users/USR-NOPE', undefined, 404, invalid("No such user: 'USR-NOPE'", 'id')]
  ]
  await checkRefusals(t, api, cases)
})
