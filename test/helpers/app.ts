// Builds the app on an in-memory database for a test, and a client whose every
// response is checked against openapi.yaml before the test sees it.

import type { FastifyInstance, InjectOptions } from 'fastify'
import { join } from 'node:path'
import type { Test } from 'tap'
import { buildApp } from '../../src/app.ts'
import { loadConfig, type Config, type Env } from '../../src/config.ts'
import { contractViolations, type CheckedResponse } from './contract.ts'

/** The reference date tests place their data around. */
export const TEST_REFERENCE_DATE = '2026-01-01T00:00:00Z'

/** Real time, moved so that the test starts at its reference date: the data's "now". */
export function referenceTime (): () => number {
  const shift = Date.parse(TEST_REFERENCE_DATE) - Date.now()
  return () => Date.now() + shift
}

/**
 * A path for a database file in the test's own folder (t.testdir()). tap removes that
 * folder when the test ends, before the teardowns registered after it was made: a
 * server or store still open on a file in it could then make files there while it
 * goes (ENOTEMPTY), or fail to. A teardown registered first puts every teardown of
 * the test before the removal.
 */
export function databaseFile (t: Test, name = 'mock.db'): string {
  t.teardown(() => {})
  return join(t.testdir(), name)
}

/** A config as the server would load it from `env`, quiet and on a fixed reference date. */
export function testConfig (env: Env = {}): Config {
  return loadConfig({ LOG_LEVEL: 'silent', ONCEHUB_MOCK_REFERENCE_DATE: TEST_REFERENCE_DATE.slice(0, 10), ...env })
}

export interface Response extends CheckedResponse {
  json<T = any>(): T
}

type Headers = Record<string, string | null | undefined>

export interface Client {
  app: FastifyInstance
  /** Any request; the API key `test-key` is sent unless `headers` names one (null: send none). */
  request(options: Omit<InjectOptions, 'headers'> & { url: string, headers?: Headers }): Promise<Response>
  get(url: string, headers?: Headers): Promise<Response>
}

/** An app for one test, closed when the test ends. */
export async function client (t: Test, env: Env = {}): Promise<Client> {
  const app = await buildApp(testConfig(env), { realNow: referenceTime() })
  t.teardown(() => app.close())
  const request: Client['request'] = async (options) => {
    const method = (options.method ?? 'GET').toUpperCase()
    const given = Object.entries(options.headers ?? {})
    const headers: Record<string, string> = given.some(([name]) => name.toLowerCase() === 'api-key') ? {} : { 'api-key': 'test-key' }
    for (const [name, value] of given) if (typeof value === 'string') headers[name] = value
    const response = await app.inject({ ...options, headers } as InjectOptions)
    const checked = { statusCode: response.statusCode, headers: response.headers, body: response.body }
    const problems = contractViolations(method, options.url, checked)
    t.strictSame(problems, [], `${method} ${options.url} (${response.statusCode}) keeps the contract`)
    return { ...checked, json: () => JSON.parse(response.body) }
  }
  return { app, request, get: async (url, headers) => await request({ method: 'GET', url, headers }) }
}

/** fetch() over a real socket, its response checked against openapi.yaml as the client's are. */
export async function fetchChecked (t: Test, url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(url, init)
  const checked = { statusCode: res.status, headers: Object.fromEntries(res.headers), body: await res.text() }
  const method = (init.method ?? 'GET').toUpperCase()
  t.strictSame(contractViolations(method, new URL(url).pathname, checked), [], `${method} ${url} (${res.status}) keeps the contract`)
  return { ...checked, json: () => JSON.parse(checked.body) }
}

/** The ID pairs of every page walking forward from the first, following Link rel="next". */
export async function walk (api: Client, url: string, rel: 'next' | 'previous' = 'next'): Promise<{ ids: string[], pages: number }> {
  const ids: string[] = []
  let pages = 0
  let next: string | undefined = url
  while (next !== undefined && pages < 10_000) {
    const response = await api.get(next)
    if (response.statusCode !== 200) throw new Error(`${next} answered ${response.statusCode}: ${response.body}`)
    const page = response.json<{ data: Array<{ id: string }> }>()
    ids.push(...(rel === 'next' ? page.data.map((b) => b.id) : page.data.map((b) => b.id).reverse()))
    pages++
    next = linkOf(response, rel)
  }
  return { ids, pages }
}

/** The path and query of the Link header's URL for `rel`, if there is one. */
export function linkOf (response: CheckedResponse, rel: 'next' | 'previous'): string | undefined {
  const header = String(response.headers.link ?? '')
  const match = new RegExp(`<([^>]+)>; rel="${rel}"`).exec(header)
  if (!match?.[1]) return undefined
  const url = new URL(match[1])
  return url.pathname + url.search
}

/** A request that must be refused: its name, method, URL, body (undefined: none), status and error body. */
export type Refusal = [name: string, method: string, url: string, payload: unknown, status: number, body: object]

/** Sends each refusal and checks its answer, then that none of them changed anything stored. */
export async function checkRefusals (t: Test, api: Client, cases: readonly Refusal[]): Promise<void> {
  const before = api.app.store.dataset.snapshot()
  for (const [name, method, url, payload, status, body] of cases) {
    const res = await api.request({ method: method as InjectOptions['method'], url, ...(payload === undefined ? {} : { payload: payload as object }) })
    t.equal(res.statusCode, status, `${name}: status`)
    t.strictSame(res.json(), body, `${name}: body`)
  }
  t.strictSame(api.app.store.dataset.snapshot(), before, 'nothing was written')
}

/** OnceHub's error body for a refused request: `invalid_request_error`, with `param` when one is named. */
export const invalid = (message: string, param?: string) =>
  param === undefined ? { type: 'invalid_request_error', message } : { type: 'invalid_request_error', message, param }

/** The mock's message for a date filter it cannot read. */
export const dateMessage = (value: string) => `Invalid date: '${value}'. Use YYYY-MM-DD or an RFC 3339 date-time such as 2026-01-31T09:00:00Z.`
