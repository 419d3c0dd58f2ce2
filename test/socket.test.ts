// Over a real socket on 127.0.0.1, as real clients call it: following Link headers,
// sending Content-Type: application/json on bodyless GETs, and full timestamps.

import t from 'tap'
import { buildApp } from '../src/app.ts'
import { contractViolations } from './contract.ts'
import { referenceTime, testConfig } from './helper.ts'

t.test('a client walks every page by following Link rel="next"', async (t) => {
  const app = await buildApp(testConfig(), { realNow: referenceTime() })
  t.teardown(() => app.close())
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const headers = { 'API-Key': 'k', 'Content-Type': 'application/json' }

  const get = async (url: string) => {
    const res = await fetch(url, { headers })
    const body = await res.text()
    const problems = contractViolations('GET', new URL(url).pathname, { statusCode: res.status, headers: Object.fromEntries(res.headers), body })
    t.strictSame(problems, [], `${url} keeps the contract`)
    return { res, json: JSON.parse(body) }
  }

  const ids: string[] = []
  let url: string | undefined = `${base}/v2/bookings?limit=25&creation_time.gt=2025-01-01T00:00:00.000Z`
  while (url) {
    const { res, json } = await get(url)
    t.equal(res.status, 200)
    ids.push(...json.data.map((b: { id: string }) => b.id))
    url = /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1]
    if (url) t.ok(url.startsWith(`${base}/v2/bookings?`), 'the link points back at this server')
  }
  t.equal(ids.length, app.store.info().bookings, 'every booking, once')
  t.equal(new Set(ids).size, ids.length)

  const health = await fetch(`${base}/_mock/health`)
  t.equal(health.status, 200)
  const missing = await get(`${base}/v2/bookings/BKNG-000000000000`)
  t.equal(missing.res.status, 404)
  t.match(missing.res.headers.get('request-id'), /^req_/)
})
