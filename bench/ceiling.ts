// The ceiling: a bare Fastify server on the same Node, with the same routes as
// the scenarios, answering each URL with the status, headers and JSON bytes
// oncehub-mock gave for it, precomputed. Nothing is looked up, validated or
// serialized per request, so no server of this shape can answer faster.
//
// Usage: node bench/ceiling.ts <responses.json> <port>

import Fastify from 'fastify'
import { readFileSync } from 'node:fs'

/** One precomputed answer; `url` '*' answers every URL of its route (e.g. any booking to cancel). */
export interface Canned {
  method: 'GET' | 'POST'
  route: string
  url: string
  status: number
  headers: Record<string, string>
  body: string
}

const [file, port] = process.argv.slice(2)
const canned = JSON.parse(readFileSync(file!, 'utf8')) as Canned[]

const app = Fastify({ logger: false })
// Each body as it is fastest to send: a long one as bytes, since a string of more
// than 128 kB costs V8 several times its copy (BENCHMARKS.md); a short one as text.
const bodies = new Map(canned.map((answer) => [answer, answer.body.length >= 64 * 1024 ? Buffer.from(answer.body) : answer.body]))
const byRoute = new Map<string, Map<string, Canned>>()
for (const answer of canned) {
  const key = `${answer.method} ${answer.route}`
  if (!byRoute.has(key)) byRoute.set(key, new Map())
  byRoute.get(key)!.set(answer.url, answer)
}
for (const [key, answers] of byRoute) {
  const [method, route] = key.split(' ') as ['GET' | 'POST', string]
  app.route({
    method,
    url: route,
    handler: async (request, reply) => {
      const answer = answers.get(request.url) ?? answers.get('*')
      if (answer === undefined) return reply.code(404).send({ error: 'not precomputed' })
      return reply.code(answer.status).headers(answer.headers).type('application/json; charset=utf-8').send(bodies.get(answer))
    }
  })
}
await app.listen({ host: '127.0.0.1', port: Number(port) })
process.on('SIGTERM', () => { app.close().then(() => process.exit(0), () => process.exit(1)) })
