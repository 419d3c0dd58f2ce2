// API keys, Request-Id, and what needs no key.

import t from 'tap'
import { client } from '../helpers/app.ts'

const unauthorized = { type: 'authentication_error', message: 'Invalid API key.' }

t.test('any non-empty key is accepted when no keys are configured', async (t) => {
  const api = await client(t)
  t.equal((await api.get('/v2/test', { 'api-key': 'anything at all' })).statusCode, 200)
  t.match((await api.get('/v2/test')).json().message, /^The API key is valid for account: admin@[a-z-]+\.example\.com$/)
  for (const [name, headers] of [['no key', {}], ['an empty key', { 'api-key': '' }], ['a blank key', { 'api-key': '   ' }]] as const) {
    const res = await api.get('/v2/bookings', { 'api-key': null, ...headers })
    t.equal(res.statusCode, 401, name)
    t.strictSame(res.json(), unauthorized, name)
  }
})

t.test('only configured keys are accepted when ONCEHUB_MOCK_API_KEYS is set', async (t) => {
  const api = await client(t, { ONCEHUB_MOCK_API_KEYS: 'key-one, key-two' })
  t.equal((await api.get('/v2/test', { 'api-key': 'key-one' })).statusCode, 200)
  t.equal((await api.get('/v2/bookings', { 'api-key': 'key-two' })).statusCode, 200)
  t.equal((await api.get('/v2/test', { 'API-KEY': 'key-two' })).statusCode, 200, 'the header name is case-insensitive')
  for (const key of ['key-three', 'KEY-ONE', 'key-one,key-two', 'Bearer key-one']) {
    const res = await api.get('/v2/bookings', { 'api-key': key })
    t.equal(res.statusCode, 401, `'${key}' is refused`)
    t.strictSame(res.json(), unauthorized)
  }
  const unknown = await api.get('/v2/nothing-here', { 'api-key': 'wrong' })
  t.equal(unknown.statusCode, 401, 'an unknown /v2 URL asks for a key first')
})

t.test('mock controls and docs take no key', async (t) => {
  const api = await client(t, { ONCEHUB_MOCK_API_KEYS: 'secret' })
  const none = { 'api-key': null }
  const health = await api.get('/_mock/health', none)
  t.equal(health.statusCode, 200)
  t.strictSame(health.json(), { status: 'ok' })
  t.equal((await api.get('/openapi.yaml', none)).statusCode, 200)
  t.equal((await api.get('/docs', none)).statusCode, 200)
})

t.test('every response carries a fresh Request-Id', async (t) => {
  const api = await client(t)
  const responses = [
    await api.get('/v2/bookings'),
    await api.get('/v2/bookings?limit=0'),
    await api.get('/v2/bookings', { 'api-key': '' }),
    await api.get('/v2/nowhere'),
    await api.get('/v2/bookings/%E0%A4%A'),
    await api.get('/_mock/health')
  ]
  const ids = responses.map((res) => String(res.headers['request-id']))
  for (const id of ids) t.match(id, /^req_[0-9a-f]{16}$/)
  t.equal(new Set(ids).size, ids.length, 'no two alike')
})
