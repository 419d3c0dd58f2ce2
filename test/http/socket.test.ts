// Over a real socket on 127.0.0.1, as real clients call it: following Link headers,
// sending Content-Type: application/json on bodyless GETs, and full timestamps.

import { once } from 'node:events'
import t, { type Test } from 'tap'
import { buildApp } from '../../src/app.ts'
import { contractViolations } from '../helpers/contract.ts'
import { fetchChecked, referenceTime, testConfig } from '../helpers/app.ts'
import { parseResponses, rawConnection, rawRequest } from '../helpers/raw-http.ts'

/** An app listening on a free port of 127.0.0.1, closed when the test ends. */
async function listening (t: Test, env: Record<string, string> = {}) {
  const app = await buildApp(testConfig(env), { realNow: referenceTime() })
  t.teardown(() => app.close())
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, base, port: Number(new URL(base).port) }
}

t.test('a client walks every page by following Link rel="next"', async (t) => {
  const { app, base } = await listening(t)
  const headers = { 'API-Key': 'k', 'Content-Type': 'application/json' }

  const ids: string[] = []
  let url: string | undefined = `${base}/v2/bookings?limit=25&creation_time.gt=2025-01-01T00:00:00.000Z`
  while (url) {
    const res = await fetchChecked(t, url, { headers })
    t.equal(res.statusCode, 200)
    ids.push(...res.json().data.map((b: { id: string }) => b.id))
    url = /<([^>]+)>; rel="next"/.exec(String(res.headers.link ?? ''))?.[1]
    if (url) t.ok(url.startsWith(`${base}/v2/bookings?`), 'the link points back at this server')
  }
  t.equal(ids.length, app.store.dataset.info().bookings, 'every booking, once')
  t.equal(new Set(ids).size, ids.length)

  const health = await fetchChecked(t, `${base}/_mock/health`)
  t.equal(health.statusCode, 200)
  const missing = await fetchChecked(t, `${base}/v2/bookings/BKNG-000000000000`, { headers })
  t.equal(missing.statusCode, 404)
})

t.test('requests the HTTP parser refuses get OnceHub\'s error body and a Request-Id', async (t) => {
  const { port } = await listening(t)
  // [what is wrong, method and path for the contract check, the bytes sent, status, message]
  const cases: Array<[string, string, string, string, number, RegExp]> = [
    ['headers past the size limit', 'GET', '/v2/bookings', `GET /v2/bookings?owner=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431, /^The request line and headers are larger than the limit of \d+ bytes\.$/],
    ['an unknown method', 'FOO', '/', 'FOO / HTTP/1.1\r\nHost: x\r\n\r\n', 400, /^Malformed HTTP request: Invalid method encountered\.$/],
    ['a garbage request line', 'GET', '/', 'garbage\r\n\r\n', 400, /^Malformed HTTP request: /],
    ['a Content-Length that is not a number', 'GET', '/v2/test', 'GET /v2/test HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n', 400, /^Malformed HTTP request: Invalid character in Content-Length\.$/],
    ['a control character in the path', 'GET', '/v2/test', 'GET /v2/te\u0001st HTTP/1.1\r\nHost: x\r\n\r\n', 400, /^Malformed HTTP request: Invalid char in url path\.$/],
    ['a header name with a space', 'GET', '/v2/test', 'GET /v2/test HTTP/1.1\r\nHost: x\r\nAPI Key: k\r\n\r\n', 400, /^Malformed HTTP request: Invalid header token\.$/],
    ['HTTP/1.1 without a Host header', 'GET', '/v2/test', 'GET /v2/test HTTP/1.1\r\nAPI-Key: k\r\nConnection: close\r\n\r\n', 400, /^Malformed HTTP request: an HTTP\/1\.1 request must send a Host header\.$/]
  ]
  for (const [name, method, path, bytes, status, message] of cases) {
    const response = await rawRequest(port, bytes)
    t.equal(response.statusCode, status, name)
    t.strictSame(contractViolations(method, path, response), [], `${name}: keeps the contract`)
    const body = JSON.parse(response.body)
    t.equal(body.type, 'invalid_request_error', name)
    t.match(body.message, message, name)
  }
  const old = await rawRequest(port, 'GET /_mock/health HTTP/1.0\r\n\r\n')
  t.equal(old.statusCode, 200, 'HTTP/1.0 needs no Host header')
})

t.test('Link URLs are whole for an absolute-form target and for HTTP/1.0 without Host', async (t) => {
  const { port } = await listening(t)
  const origin = `http://127.0.0.1:${port}`
  // [what is sent, the origin the links must have]
  const cases: Array<[string, string]> = [
    [`GET http://localhost:${port}/v2/bookings?limit=1&status=scheduled HTTP/1.1\r\nHost: localhost:${port}\r\n`, `http://localhost:${port}`],
    // RFC 9112 3.2.2: an absolute-form target's authority wins over Host.
    [`GET ${origin}/v2/bookings?limit=1&status=scheduled HTTP/1.1\r\nHost: elsewhere.test\r\n`, origin],
    ['GET /v2/bookings?limit=1&status=scheduled HTTP/1.0\r\n', origin],
    [`GET /v2/bookings?limit=1&status=scheduled HTTP/1.1\r\nHost: localhost:${port}\r\n`, `http://localhost:${port}`]
  ]
  for (const [head, expected] of cases) {
    const response = await rawRequest(port, `${head}API-Key: k\r\nConnection: close\r\n\r\n`)
    const line = head.split('\r\n')[0]!
    t.equal(response.statusCode, 200, line)
    t.strictSame(contractViolations('GET', '/v2/bookings', response), [], `${line}: keeps the contract`)
    const id = JSON.parse(response.body).data[0].id
    t.equal(response.headers.link, `<${expected}/v2/bookings?status=scheduled&after=${id}&limit=1>; rel="next"`, line)
  }
})

t.test('with ONCEHUB_MOCK_PUBLIC_URL, Link URLs name it (the proxy in front), whatever the request names', async (t) => {
  const { port } = await listening(t, { ONCEHUB_MOCK_PUBLIC_URL: 'https://proxy.test:4010/oncehub/' })
  for (const head of [
    `GET /v2/bookings?limit=1&status=scheduled HTTP/1.1\r\nHost: localhost:${port}\r\n`,
    `GET http://127.0.0.1:${port}/v2/bookings?limit=1&status=scheduled HTTP/1.1\r\nHost: elsewhere.test\r\n`,
    'GET /v2/bookings?limit=1&status=scheduled HTTP/1.0\r\n'
  ]) {
    const response = await rawRequest(port, `${head}API-Key: k\r\nConnection: close\r\n\r\n`)
    const line = head.split('\r\n')[0]!
    t.strictSame(contractViolations('GET', '/v2/bookings', response), [], `${line}: keeps the contract`)
    const id = JSON.parse(response.body).data[0].id
    t.equal(response.headers.link, `<https://proxy.test:4010/oncehub/v2/bookings?status=scheduled&after=${id}&limit=1>; rel="next"`, line)
  }
})

t.test('a chunked GET: an empty body is no body, a non-empty one is refused', async (t) => {
  const { port } = await listening(t)
  const head = 'GET /v2/bookings?limit=1 HTTP/1.1\r\nHost: x\r\nAPI-Key: k\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n'
  const empty = await rawRequest(port, `${head}0\r\n\r\n`)
  t.equal(empty.statusCode, 200, 'only the last chunk: no body')
  t.strictSame(contractViolations('GET', '/v2/bookings', empty), [])
  for (const body of ['2\r\n{}\r\n0\r\n\r\n', '1\r\n \r\n0\r\n\r\n']) {
    const refused = await rawRequest(port, head + body)
    t.equal(refused.statusCode, 400, JSON.stringify(body))
    t.strictSame(contractViolations('GET', '/v2/bookings', refused), [])
    t.strictSame(JSON.parse(refused.body), { type: 'invalid_request_error', message: 'GET requests do not take a request body.' })
  }
})

t.test('HEAD /_mock/health answers, for wait loops; HEAD elsewhere is an unknown route', async (t) => {
  const { base } = await listening(t)
  const health = await fetchChecked(t, `${base}/_mock/health`, { method: 'HEAD' })
  t.equal(health.statusCode, 200)
  t.match(String(health.headers['content-type']), /^application\/json/)
  t.equal(health.body, '')
  for (const path of ['/v2/bookings', '/_mock/clock', '/openapi.json', '/docs']) {
    t.equal((await fetchChecked(t, `${base}${path}`, { method: 'HEAD', headers: { 'API-Key': 'k' } })).statusCode, 404, `HEAD ${path}`)
  }
})

t.test('while the server closes, a request on a connection still open is served, and the connection ends', async (t) => {
  const app = await buildApp(testConfig(), { realNow: referenceTime() })
  const port = Number(new URL(await app.listen({ port: 0, host: '127.0.0.1' })).port)
  const { socket, received } = rawConnection(port)
  // A request whose body has not all arrived keeps its connection busy, so closing
  // the server does not end it as it ends idle ones.
  const arrived = once(app.server, 'request')
  socket.write('POST /_mock/clock HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{"frozen":')
  await arrived
  const closed = app.close()
  while (app.server.listening) await new Promise((resolve) => setImmediate(resolve))
  // The rest of the body, and a second request on the same connection.
  socket.write('true}GET /v2/test HTTP/1.1\r\nHost: x\r\nAPI-Key: k\r\n\r\n')
  const [first, second] = parseResponses(await received)
  await closed
  t.equal(first?.statusCode, 200, 'the request under way completes')
  t.equal(second?.statusCode, 200, 'the next one is served, not refused with a body of its own')
  t.strictSame(contractViolations('GET', '/v2/test', second!), [], 'and keeps the contract')
  t.equal(second?.headers.connection, 'close', 'and ends the connection, so the server can close')
})

t.test('a body that trickles in is cut at the request timeout with a 408, while others are served', async (t) => {
  const { port, base } = await listening(t, { ONCEHUB_MOCK_REQUEST_TIMEOUT_MS: '1000' })
  const { socket, received } = rawConnection(port)
  socket.write('POST /_mock/clock HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{')
  const started = Date.now()
  // A byte every 100 ms, at most 100 of them: never the whole body in time.
  let sent = 0
  const trickle = setInterval(() => {
    if (socket.destroyed || ++sent >= 99) clearInterval(trickle)
    else socket.write(' ')
  }, 100)
  t.teardown(() => clearInterval(trickle))
  const health = await fetchChecked(t, `${base}/_mock/health`)
  t.equal(health.statusCode, 200, 'other clients are served meanwhile')
  const [response] = parseResponses(await received)
  const waited = Date.now() - started
  t.equal(response?.statusCode, 408)
  t.strictSame(contractViolations('POST', '/_mock/clock', response!), [], 'keeps the contract')
  t.strictSame(JSON.parse(response!.body), { type: 'invalid_request_error', message: 'The request was not received in time.' })
  t.ok(waited >= 900 && waited < 5000, `cut after about the timeout (${waited} ms)`)
  t.equal((await fetchChecked(t, `${base}/_mock/clock`)).json().frozen, false, 'and nothing of it was applied')
})
