// Issue 20's changes are state like any other: on a database file they survive a
// restart, and POST /_mock/reset drops them.

import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.ts'
import { databaseFile, referenceTime, testConfig } from '../helpers/app.ts'

const json = { 'api-key': 'test-key', 'content-type': 'application/json' }

// One real time for both servers: the second must not start before what the first wrote.
const realNow = referenceTime()

async function open (path: string): Promise<FastifyInstance> {
  return await buildApp(testConfig({ ONCEHUB_MOCK_DB: path }), { realNow })
}

t.test('contacts, users, conversations and SMS notifications persist on a file and a reset drops them', async (t) => {
  const path = databaseFile(t)
  let app = await open(path)
  const call = async (method: string, url: string, body?: object) => {
    const res = await app.inject({ method: method as 'GET', url, headers: json, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) })
    return { status: res.statusCode, json: res.body === '' ? undefined : JSON.parse(res.body) }
  }
  const contact = (await call('POST', '/v2/contacts', { first_name: 'Kept', last_name: 'Contact', email: 'kept@example.com', mobile_phone: '+12025550123' })).json
  const user = (await call('POST', '/v2/users', { first_name: 'Kept', last_name: 'User', email: 'kept.user@example.com' })).json
  const gone = (await call('GET', '/v2/users?limit=100')).json.data.find((u: { id: string, role_name: string }) => u.role_name !== 'Account Owner' && u.id !== user.id)
  await call('DELETE', `/v2/users/${gone.id as string}`)
  const conversation = (await call('POST', '/_mock/conversations', { contact: contact.id })).json
  const booked = (await call('POST', `/_mock/conversations/${conversation.id as string}/book`, {})).json
  const sms = (await call('GET', `/v2/notifications/sms?recipient=${contact.id as string}`)).json.data
  t.equal(sms.length, 1, "the booking's confirmation was sent")
  await app.close()

  app = await open(path)
  t.strictSame((await call('GET', `/v2/contacts/${contact.id as string}`)).json, contact, 'the contact is kept')
  t.strictSame((await call('GET', `/v2/users/${user.id as string}`)).json, user, 'the user is kept')
  t.strictSame((await call('GET', `/v2/users/${gone.id as string}`)).json, { id: gone.id, object: 'user', deleted: true }, 'and so is the deletion')
  t.equal((await call('GET', `/v2/bookings/${booked.booking.id as string}?expand=conversation`)).json.conversation.status, 'closed', 'the conversation is kept')
  t.strictSame((await call('GET', `/v2/notifications/sms?recipient=${contact.id as string}`)).json.data, sms, 'the SMS notification is kept')

  t.equal((await call('POST', '/_mock/reset')).status, 200)
  for (const url of [`/v2/contacts/${contact.id as string}`, `/v2/users/${user.id as string}`, `/v2/bookings/${booked.booking.id as string}`]) {
    t.equal((await call('GET', url)).status, 404, `after a reset: ${url}`)
  }
  t.match((await call('GET', `/v2/users/${gone.id as string}`)).json, { id: gone.id, status: 'active' }, 'the deleted user is back')
  t.strictSame((await call('GET', `/v2/notifications/sms?recipient=${contact.id as string}`)).json.data, [], 'its SMS notifications are gone')
  await app.close()
})
