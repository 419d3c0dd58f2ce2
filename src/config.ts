// The one place that reads settings. loadConfig() is pure: it takes an environment
// object and returns a validated, typed Config, or throws a ConfigError naming the
// variable at fault. No other module reads process.env.

import { fileURLToPath } from 'node:url'

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'

export interface Config {
  port: number
  host: string
  /** SQLite file; null keeps the database in memory. */
  dbPath: string | null
  /** Generate a dataset from this seed instead of loading the fixtures file. */
  seed: number | null
  /** How many bookings to generate (with seed, or with the default seed). */
  bookings: number | null
  /** Fixtures file to load when nothing is generated. */
  fixturesPath: string
  /** Start of the day the dataset is placed around, as an ISO timestamp. */
  referenceDate: string
  /** Accepted API keys; null accepts any non-empty key. */
  apiKeys: ReadonlySet<string> | null
  /** The URL clients reach the mock at through a proxy (`http://localhost:4010`), for Link headers; null: the URL each request names. */
  publicUrl: string | null
  logLevel: LogLevel
  /** Colored one-line logs for a person at a terminal, or JSON lines for machines. */
  logFormat: 'pretty' | 'json'
  /** How long a client has to send a whole request, headers and body; then 408. */
  requestTimeoutMs: number
  /** Webhook delivery: the first retry's delay, the retry window and each attempt's timeout. */
  webhooks: { retryBaseMs: number, retryWindowMs: number, timeoutMs: number }
}

export type Env = Readonly<Record<string, string | undefined>>

/** A setting with an invalid value; its message is one line, starting with the variable's name. */
export class ConfigError extends Error {
  override name = 'ConfigError'
  /** The environment variable at fault. */
  readonly variable: string

  constructor (message: string) {
    super(message)
    this.variable = message.split(/[\s:]/)[0] ?? ''
  }
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']
const MAX_BOOKINGS = 2_000_000
const DAY_MS = 86_400_000

/** The committed default dataset, resolved from this file so any working directory works. */
export const DEFAULT_FIXTURES_PATH = fileURLToPath(new URL('../fixtures/default.json', import.meta.url))

/**
 * Reads and validates every setting from `env`; `now` fixes the default reference
 * date, and `terminal` (is stdout a TTY?) the default log format.
 */
export function loadConfig (env: Env, now: Date = new Date(), terminal = false): Config {
  return {
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: nonEmpty(env, 'HOST') ?? '127.0.0.1',
    dbPath: nonEmpty(env, 'ONCEHUB_MOCK_DB'),
    seed: optionalInteger(env, 'ONCEHUB_MOCK_SEED', 0, 2 ** 31 - 1),
    bookings: optionalInteger(env, 'ONCEHUB_MOCK_BOOKINGS', 0, MAX_BOOKINGS),
    fixturesPath: nonEmpty(env, 'ONCEHUB_MOCK_FIXTURES') ?? DEFAULT_FIXTURES_PATH,
    referenceDate: referenceDate(env, now),
    apiKeys: apiKeys(env),
    publicUrl: publicUrl(env),
    logLevel: logLevel(env),
    logFormat: logFormat(env, terminal),
    requestTimeoutMs: integer(env, 'ONCEHUB_MOCK_REQUEST_TIMEOUT_MS', 30_000, 1000, 600_000),
    webhooks: {
      retryBaseMs: integer(env, 'ONCEHUB_MOCK_WEBHOOK_RETRY_BASE_MS', 35_000, 1, DAY_MS),
      retryWindowMs: integer(env, 'ONCEHUB_MOCK_WEBHOOK_RETRY_WINDOW_MS', 3 * DAY_MS, 1, 30 * DAY_MS),
      timeoutMs: integer(env, 'ONCEHUB_MOCK_WEBHOOK_TIMEOUT_MS', 10_000, 1, 120_000)
    }
  }
}

function nonEmpty (env: Env, name: string): string | null {
  const value = env[name]?.trim()
  return value || null
}

function optionalInteger (env: Env, name: string, min: number, max: number): number | null {
  const raw = nonEmpty(env, name)
  if (raw === null) return null
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got '${raw}'`)
  }
  return Number(raw)
}

function integer (env: Env, name: string, fallback: number, min: number, max: number): number {
  return optionalInteger(env, name, min, max) ?? fallback
}

function referenceDate (env: Env, now: Date): string {
  const raw = nonEmpty(env, 'ONCEHUB_MOCK_REFERENCE_DATE')
  if (raw === null) return startOfUtcDay(now)
  // Date.parse rolls 2026-02-30 over into March, so the day must read back the same.
  const ms = Date.parse(`${raw}T00:00:00Z`)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== raw) {
    throw new ConfigError(`ONCEHUB_MOCK_REFERENCE_DATE must be a date like 2026-01-31, got '${raw}'`)
  }
  return startOfUtcDay(new Date(`${raw}T00:00:00Z`))
}

/** Midnight UTC of the day holding `date`, as `YYYY-MM-DDT00:00:00Z`. */
export function startOfUtcDay (date: Date): string {
  return `${date.toISOString().slice(0, 10)}T00:00:00Z`
}

function apiKeys (env: Env): ReadonlySet<string> | null {
  const raw = nonEmpty(env, 'ONCEHUB_MOCK_API_KEYS')
  if (raw === null) return null
  const keys = raw.split(',').map((key) => key.trim()).filter((key) => key !== '')
  if (keys.length === 0) throw new ConfigError('ONCEHUB_MOCK_API_KEYS must list at least one key, separated by commas')
  return new Set(keys)
}

// Clients behind a proxy that does not say where it was called (Prism's proxy sends
// no Host or X-Forwarded-Host of its own) follow Link headers to this origin instead.
function publicUrl (env: Env): string | null {
  const raw = nonEmpty(env, 'ONCEHUB_MOCK_PUBLIC_URL')
  if (raw === null) return null
  const url = URL.parse(raw)
  if (url === null || !['http:', 'https:'].includes(url.protocol) || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new ConfigError(`ONCEHUB_MOCK_PUBLIC_URL must be an http or https URL with no query, such as http://localhost:4010, got '${raw}'`)
  }
  // Joined with the API's paths, which start with a slash.
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

// Pretty at a terminal in development; JSON in production, in containers and in CI.
function logFormat (env: Env, terminal: boolean): 'pretty' | 'json' {
  const raw = nonEmpty(env, 'LOG_FORMAT')
  if (raw === null) return terminal && env.NODE_ENV !== 'production' ? 'pretty' : 'json'
  if (raw !== 'pretty' && raw !== 'json') throw new ConfigError(`LOG_FORMAT must be pretty or json, got '${raw}'`)
  return raw
}

function logLevel (env: Env): LogLevel {
  const raw = nonEmpty(env, 'LOG_LEVEL') ?? 'info'
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got '${raw}'`)
  }
  return raw as LogLevel
}
