// The `oncehub-mock` command. Each flag is also an environment variable; a flag
// given wins over its variable. `oncehub-mock fixtures` writes a dataset file.

import { readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { ConfigError, loadConfig, type Env } from './config.ts'
import { serializeDataset } from './dataset/index.ts'
import { progressReporter } from './progress.ts'
import { exitOnStartupError, serve } from './server.ts'

/** Flag → the environment variable it sets. */
const SERVER_FLAGS: Record<string, string> = {
  port: 'PORT',
  host: 'HOST',
  db: 'ONCEHUB_MOCK_DB',
  seed: 'ONCEHUB_MOCK_SEED',
  bookings: 'ONCEHUB_MOCK_BOOKINGS',
  fixtures: 'ONCEHUB_MOCK_FIXTURES',
  'api-keys': 'ONCEHUB_MOCK_API_KEYS',
  'public-url': 'ONCEHUB_MOCK_PUBLIC_URL',
  'reference-date': 'ONCEHUB_MOCK_REFERENCE_DATE',
  'log-level': 'LOG_LEVEL',
  'log-format': 'LOG_FORMAT'
}
const FIXTURE_FLAGS: Record<string, string> = {
  seed: 'ONCEHUB_MOCK_SEED',
  bookings: 'ONCEHUB_MOCK_BOOKINGS',
  'reference-date': 'ONCEHUB_MOCK_REFERENCE_DATE'
}

export const HELP = `oncehub-mock: a stateful mock of the OnceHub v2 API

Usage:
  oncehub-mock [options]                 start the server
  oncehub-mock fixtures --out FILE [--seed N] [--bookings N] [--reference-date YYYY-MM-DD]
                                         write a dataset to FILE, to edit and load with --fixtures
  oncehub-mock --help | -h | --version

Options (each also an environment variable; a flag wins over its variable):
  --port N               PORT                          port to listen on (8080)
  --host ADDRESS         HOST                          address to listen on (127.0.0.1)
  --db FILE              ONCEHUB_MOCK_DB               SQLite file that keeps the data (in memory)
  --seed N               ONCEHUB_MOCK_SEED             generate the dataset from this seed
  --bookings N           ONCEHUB_MOCK_BOOKINGS         how many bookings to generate (200)
  --fixtures FILE        ONCEHUB_MOCK_FIXTURES         dataset file to load (fixtures/default.json)
  --api-keys K1,K2       ONCEHUB_MOCK_API_KEYS         accept only these API keys (any non-empty key)
  --public-url URL       ONCEHUB_MOCK_PUBLIC_URL       the proxy in front, for Link headers (the URL called)
  --reference-date DATE  ONCEHUB_MOCK_REFERENCE_DATE   the day the data is placed around (today)
  --log-level LEVEL      LOG_LEVEL                     fatal, error, warn, info, debug, trace, silent (info)
  --log-format FORMAT    LOG_FORMAT                    pretty or json (pretty at a terminal)

Webhook retries: ONCEHUB_MOCK_WEBHOOK_RETRY_BASE_MS, ONCEHUB_MOCK_WEBHOOK_RETRY_WINDOW_MS,
ONCEHUB_MOCK_WEBHOOK_TIMEOUT_MS. Request timeout: ONCEHUB_MOCK_REQUEST_TIMEOUT_MS. See README.md.
`

export const FIXTURES_HELP = `oncehub-mock fixtures: write a dataset to a file, to edit and load with --fixtures

Usage:
  oncehub-mock fixtures --out FILE [--seed N] [--bookings N] [--reference-date YYYY-MM-DD]

Options (each also an environment variable; a flag wins over its variable):
  --out FILE             the file to write
  --seed N               ONCEHUB_MOCK_SEED             generate from this seed (1)
  --bookings N           ONCEHUB_MOCK_BOOKINGS         how many bookings (200)
  --reference-date DATE  ONCEHUB_MOCK_REFERENCE_DATE   the day the data is placed around (today)
`

/** A mistake on the command line: one line for the user. */
class UsageError extends Error {}

/** The package's version, from package.json. */
export function version (): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version
}

const HELP_FLAG = { type: 'boolean', short: 'h' } as const

/** Reads `flags` into environment variables laid over `env`. */
function withFlags (argv: string[], flags: Record<string, string>, extra: Record<string, { type: 'string' | 'boolean', short?: string }>, env: Env): { env: Env, values: Record<string, unknown>, given: Map<string, string> } {
  const options = { ...Object.fromEntries(Object.keys(flags).map((name) => [name, { type: 'string' as const }])), ...extra }
  let parsed
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: false })
  } catch (error) {
    // Node's own messages may run over lines; the user gets one.
    throw new UsageError(`${(error as Error).message.replace(/\s*\n\s*/g, ' ').replace(/\.$/, '')}. Try 'oncehub-mock --help'.`)
  }
  const merged: Record<string, string | undefined> = { ...env }
  const given = new Map<string, string>()
  for (const [flag, variable] of Object.entries(flags)) {
    const value = parsed.values[flag]
    if (typeof value !== 'string') continue
    merged[variable] = value
    given.set(variable, flag)
  }
  return { env: merged, values: parsed.values, given }
}

// A setting's error names the flag when the value came from one.
function rename (error: unknown, given: Map<string, string>): unknown {
  if (!(error instanceof ConfigError)) return error
  const flag = given.get(error.variable)
  return flag === undefined ? error : new ConfigError(error.message.replace(error.variable, `--${flag}`))
}

/** Runs the command; resolves with the exit code for commands that end. */
export async function main (argv: string[], env: Env): Promise<number | 'serving'> {
  if (argv[0] === 'fixtures') return await writeFixtures(argv.slice(1), env)
  const { env: merged, values, given } = withFlags(argv, SERVER_FLAGS, { help: HELP_FLAG, version: { type: 'boolean' } }, env)
  if (values.help === true) {
    process.stdout.write(HELP)
    return 0
  }
  if (values.version === true) {
    process.stdout.write(`${version()}\n`)
    return 0
  }
  try {
    // serve() too: a database file or an address it cannot use is a bad setting.
    await serve(loadConfig(merged, new Date(), process.stdout.isTTY))
  } catch (error) {
    throw rename(error, given)
  }
  return 'serving'
}

async function writeFixtures (argv: string[], env: Env): Promise<number> {
  const { env: merged, values, given } = withFlags(argv, FIXTURE_FLAGS, { out: { type: 'string' }, help: HELP_FLAG }, env)
  if (values.help === true) {
    process.stdout.write(FIXTURES_HELP)
    return 0
  }
  if (typeof values.out !== 'string' || values.out === '') throw new UsageError("fixtures needs --out FILE. Try 'oncehub-mock --help'.")
  let config
  try {
    config = loadConfig(merged)
  } catch (error) {
    throw rename(error, given)
  }
  const { generateDataset, DEFAULT_SEED, DEFAULT_BOOKINGS } = await import('./dataset/generate.ts')
  const progress = progressReporter(process.stderr, 'Generating bookings')
  const dataset = generateDataset({ seed: config.seed ?? DEFAULT_SEED, bookings: config.bookings ?? DEFAULT_BOOKINGS, referenceDate: config.referenceDate, onProgress: progress.update })
  try {
    await writeFile(values.out, serializeDataset(dataset))
  } catch (error) {
    throw new UsageError(`cannot write ${values.out}: ${(error as Error).message}`)
  }
  progress.finish(`Wrote ${dataset.bookings.length} bookings (seed ${dataset.seed}) to ${values.out}`)
  return 0
}

main(process.argv.slice(2), process.env).then((code) => {
  if (code !== 'serving') process.exit(code)
}, (error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`oncehub-mock: ${error.message}`)
    process.exit(2)
  }
  exitOnStartupError(error)
})
