// loadConfig(env, now): defaults, every variable, invalid values, and what the real
// server does with one.

import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { ConfigError, loadConfig, type Env } from '../src/config.ts'
import { serve } from '../src/server.ts'

// Mid-afternoon, so that a reference date taken from the local day instead of the
// UTC day, or not truncated at all, shows.
const NOW = new Date('2026-05-17T15:42:10.123Z')

t.test('defaults', async (t) => {
  const config = loadConfig({}, NOW)
  t.equal(config.port, 8080)
  t.equal(config.host, '127.0.0.1')
  t.equal(config.dbPath, null, 'in memory')
  t.equal(config.seed, null)
  t.equal(config.bookings, null)
  t.match(config.fixturesPath, /[/\\]fixtures[/\\]default\.json$/)
  t.ok(existsSync(config.fixturesPath), 'the default fixtures path resolves to the committed file')
  t.equal(config.apiKeys, null, 'any key accepted')
  t.equal(config.logLevel, 'info')
  t.equal(config.referenceDate, '2026-05-17T00:00:00Z', 'start of the UTC day of now')
  t.equal(loadConfig({}, new Date('2026-05-17T23:59:59Z')).referenceDate, '2026-05-17T00:00:00Z', 'late in the day')
  t.equal(loadConfig({}, new Date('2026-05-18T00:00:00Z')).referenceDate, '2026-05-18T00:00:00Z', 'at midnight')
})

t.test('blank values count as unset', async (t) => {
  const blank = Object.fromEntries(['PORT', 'HOST', 'ONCEHUB_MOCK_DB', 'ONCEHUB_MOCK_SEED', 'ONCEHUB_MOCK_BOOKINGS', 'ONCEHUB_MOCK_FIXTURES',
    'ONCEHUB_MOCK_REFERENCE_DATE', 'ONCEHUB_MOCK_API_KEYS', 'ONCEHUB_MOCK_PUBLIC_URL', 'LOG_LEVEL'].map((name) => [name, '  ']))
  t.strictSame(loadConfig(blank, NOW), loadConfig({}, NOW))
})

t.test('each variable is read', async (t) => {
  // [variable, value, the Config field it sets, the expected value]
  const cases: Array<[string, string, keyof ReturnType<typeof loadConfig>, unknown]> = [
    ['PORT', '3000', 'port', 3000],
    ['PORT', '0', 'port', 0],
    ['PORT', '65535', 'port', 65535],
    ['HOST', '0.0.0.0', 'host', '0.0.0.0'],
    ['ONCEHUB_MOCK_DB', '/tmp/mock.db', 'dbPath', '/tmp/mock.db'],
    ['ONCEHUB_MOCK_SEED', '42', 'seed', 42],
    ['ONCEHUB_MOCK_SEED', '0', 'seed', 0],
    ['ONCEHUB_MOCK_BOOKINGS', '100000', 'bookings', 100000],
    ['ONCEHUB_MOCK_FIXTURES', '/data/scenario.json', 'fixturesPath', '/data/scenario.json'],
    ['ONCEHUB_MOCK_REFERENCE_DATE', '2026-02-03', 'referenceDate', '2026-02-03T00:00:00Z'],
    ['ONCEHUB_MOCK_REFERENCE_DATE', '2024-02-29', 'referenceDate', '2024-02-29T00:00:00Z'],
    ['ONCEHUB_MOCK_PUBLIC_URL', 'http://localhost:4010', 'publicUrl', 'http://localhost:4010'],
    ['ONCEHUB_MOCK_PUBLIC_URL', 'http://localhost:4010/', 'publicUrl', 'http://localhost:4010'],
    ['ONCEHUB_MOCK_PUBLIC_URL', 'HTTPS://Mock.Example.com:443/oncehub/', 'publicUrl', 'https://mock.example.com/oncehub'],
    ['LOG_LEVEL', 'debug', 'logLevel', 'debug'],
    ['LOG_LEVEL', 'silent', 'logLevel', 'silent']
  ]
  for (const [name, value, field, expected] of cases) {
    const config = loadConfig({ [name]: value }, NOW)
    t.strictSame(config[field], expected, `${name}=${value}`)
    // Setting one variable must leave the others at their defaults.
    t.strictSame({ ...config, [field]: null }, { ...loadConfig({}, NOW), [field]: null }, `${name}=${value} changes only ${field}`)
  }
})

t.test('ONCEHUB_MOCK_API_KEYS is a comma-separated list', async (t) => {
  const config = loadConfig({ ONCEHUB_MOCK_API_KEYS: ' key-one , key-two,,key-three , ' }, NOW)
  t.strictSame([...config.apiKeys ?? []], ['key-one', 'key-two', 'key-three'], 'spaces trimmed, empty items dropped')
  t.strictSame([...loadConfig({ ONCEHUB_MOCK_API_KEYS: 'solo' }, NOW).apiKeys ?? []], ['solo'])
})

t.test('invalid values throw a one-line ConfigError naming the variable', async (t) => {
  const cases: Array<[string, string]> = [
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '65536'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['ONCEHUB_MOCK_SEED', '1.5'],
    ['ONCEHUB_MOCK_SEED', 'seven'],
    ['ONCEHUB_MOCK_BOOKINGS', '-3'],
    ['ONCEHUB_MOCK_BOOKINGS', '1e3'],
    ['ONCEHUB_MOCK_REFERENCE_DATE', '2026-13-45'],
    ['ONCEHUB_MOCK_REFERENCE_DATE', 'yesterday'],
    ['ONCEHUB_MOCK_REFERENCE_DATE', '2026-01-31T10:00:00Z'],
    // A day the month does not have must not roll over into the next month.
    ['ONCEHUB_MOCK_REFERENCE_DATE', '2026-02-30'],
    ['ONCEHUB_MOCK_API_KEYS', ',,'],
    ['ONCEHUB_MOCK_API_KEYS', ' , '],
    ['ONCEHUB_MOCK_PUBLIC_URL', 'localhost:4010'],
    ['ONCEHUB_MOCK_PUBLIC_URL', 'ftp://localhost:4010'],
    ['ONCEHUB_MOCK_PUBLIC_URL', 'http://user:secret@localhost:4010'],
    ['ONCEHUB_MOCK_PUBLIC_URL', 'http://localhost:4010/?a=1'],
    ['ONCEHUB_MOCK_PUBLIC_URL', 'http://localhost:4010/#top'],
    ['ONCEHUB_MOCK_PUBLIC_URL', 'not a url'],
    ['LOG_LEVEL', 'loud'],
    ['LOG_LEVEL', 'INFO']
  ]
  for (const [name, value] of cases) {
    let error: unknown
    try {
      const config = loadConfig({ [name]: value }, NOW)
      t.fail(`${name}=${value} was accepted: ${JSON.stringify(config, (_, v: unknown) => v instanceof Set ? [...v] : v)}`)
      continue
    } catch (e) {
      error = e
    }
    t.ok(error instanceof ConfigError, `${name}=${value}: a ConfigError`)
    const message = (error as Error).message
    t.ok(message.includes(name), `${name}=${value}: the message names ${name}`)
    t.notOk(/[\r\n]/.test(message), `${name}=${value}: the message is one line`)
  }
})

// Runs the real server with `env` added to a clean environment (nothing inherited
// from the shell or from tap's own hooks) and resolves once it exits.
async function startServer (env: NodeJS.ProcessEnv) {
  const cwd = fileURLToPath(new URL('..', import.meta.url))
  const clean: NodeJS.ProcessEnv = { ...env }
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'SYSTEMROOT']) if (process.env[name] !== undefined) clean[name] = process.env[name]
  const child = spawn(process.execPath, ['src/server.ts'], { cwd, env: clean, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => {
    child.on('close', (code, signal) => resolve([code, signal]))
  })
  clearTimeout(timer)
  return { code, signal, stdout, stderr }
}

t.test('a setting the server cannot use at start-up is a ConfigError naming it', async (t) => {
  const dir = t.testdir({ 'notes.txt': 'not a database', folder: {} })
  // A port another program holds.
  const holder = createServer()
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve))
  t.teardown(() => holder.close())
  const busy = (holder.address() as AddressInfo).port

  const cases: Array<[Env, string]> = [
    [{ PORT: String(busy) }, `PORT: cannot listen on port ${busy} of '127.0.0.1': another program is using it`],
    [{ PORT: '0', HOST: 'not.a.valid.host.invalid' }, "HOST: cannot listen on 'not.a.valid.host.invalid': no such host name or address"],
    [{ PORT: '0', HOST: '999.1.1.1' }, "HOST: cannot listen on '999.1.1.1': no such host name or address"],
    [{ PORT: '0', HOST: '10.255.255.1' }, "HOST: cannot listen on '10.255.255.1': no network interface of this machine has that address"],
    [{ ONCEHUB_MOCK_DB: '/nonexistent/dir/x.db' }, "ONCEHUB_MOCK_DB: cannot open '/nonexistent/dir/x.db': the directory does not exist"],
    [{ ONCEHUB_MOCK_DB: join(dir, 'notes.txt') }, `ONCEHUB_MOCK_DB: cannot open '${join(dir, 'notes.txt')}': the file is not a SQLite database`],
    [{ ONCEHUB_MOCK_DB: join(dir, 'folder') }, `ONCEHUB_MOCK_DB: cannot open '${join(dir, 'folder')}': it is a directory`]
  ]
  for (const [env, message] of cases) {
    await t.rejects(serve(loadConfig({ LOG_LEVEL: 'silent', ...env })), new ConfigError(message), JSON.stringify(env))
  }
  t.equal(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'not a database', 'a file that is not a database is left as it was')
})

t.test('without ONCEHUB_MOCK_DB, a temporary folder it cannot write to is a ConfigError naming TMPDIR', async (t) => {
  const saved = process.env.TMPDIR
  t.teardown(() => { if (saved === undefined) delete process.env.TMPDIR; else process.env.TMPDIR = saved })
  process.env.TMPDIR = '/nonexistent/tmp'
  await t.rejects(serve(loadConfig({ LOG_LEVEL: 'silent', PORT: '0' })), new ConfigError("TMPDIR: cannot make the in-memory database in '/nonexistent/tmp': the directory does not exist"))
})

t.test('the server exits with one line on a bad setting', async (t) => {
  const dir = t.testdir({ folder: {} })
  // [the bad setting, the variable the message must name]: a bad value, an address, a file.
  const cases: Array<[NodeJS.ProcessEnv, string]> = [
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '0', HOST: '10.255.255.1' }, 'HOST'],
    [{ ONCEHUB_MOCK_DB: join(dir, 'folder') }, 'ONCEHUB_MOCK_DB']
  ]
  for (const [setting, variable] of cases) {
    const { code, signal, stdout, stderr } = await startServer(setting)
    t.equal(signal, null, `${variable}: it exits on its own`)
    t.ok(code !== null && code !== 0, `${variable}: a non-zero exit code (got ${code})`)
    t.equal(stdout, '', `${variable}: nothing on stdout`)
    const lines = stderr.trimEnd().split('\n')
    t.equal(lines.length, 1, `${variable}: one line on stderr`)
    t.match(lines[0], new RegExp(`^oncehub-mock: ${variable}[ :]`), `${variable}: the line names it`)
    t.notOk(stderr.includes('    at '), `${variable}: no stack trace`)
  }
})

t.test('the log format: pretty for a person at a terminal, JSON otherwise', async (t) => {
  const now = new Date('2026-05-01T12:00:00Z')
  t.equal(loadConfig({}, now, true).logFormat, 'pretty', 'a terminal')
  t.equal(loadConfig({}, now, false).logFormat, 'json', 'a pipe, a container, CI')
  t.equal(loadConfig({ NODE_ENV: 'production' }, now, true).logFormat, 'json', 'production, even at a terminal')
  t.equal(loadConfig({ LOG_FORMAT: 'pretty' }, now, false).logFormat, 'pretty')
  t.equal(loadConfig({ LOG_FORMAT: 'json' }, now, true).logFormat, 'json')
  t.throws(() => loadConfig({ LOG_FORMAT: 'yaml' }, now), new ConfigError("LOG_FORMAT must be pretty or json, got 'yaml'"))
})

t.test('webhook delivery settings', async (t) => {
  t.strictSame(loadConfig({}).webhooks, { retryBaseMs: 35_000, retryWindowMs: 259_200_000, timeoutMs: 10_000 })
  t.strictSame(loadConfig({ ONCEHUB_MOCK_WEBHOOK_RETRY_BASE_MS: '20', ONCEHUB_MOCK_WEBHOOK_RETRY_WINDOW_MS: '300', ONCEHUB_MOCK_WEBHOOK_TIMEOUT_MS: '50' }).webhooks, { retryBaseMs: 20, retryWindowMs: 300, timeoutMs: 50 })
  for (const name of ['ONCEHUB_MOCK_WEBHOOK_RETRY_BASE_MS', 'ONCEHUB_MOCK_WEBHOOK_RETRY_WINDOW_MS', 'ONCEHUB_MOCK_WEBHOOK_TIMEOUT_MS']) {
    t.throws(() => loadConfig({ [name]: '0' }), { name: 'ConfigError', message: new RegExp(`^${name} must be a whole number`) }, `${name}=0`)
  }
})

t.test('the request timeout', async (t) => {
  t.equal(loadConfig({}).requestTimeoutMs, 30_000)
  t.equal(loadConfig({ ONCEHUB_MOCK_REQUEST_TIMEOUT_MS: '1000' }).requestTimeoutMs, 1000)
  for (const value of ['0', '999', '600001', '1s']) {
    t.throws(() => loadConfig({ ONCEHUB_MOCK_REQUEST_TIMEOUT_MS: value }), new ConfigError(`ONCEHUB_MOCK_REQUEST_TIMEOUT_MS must be a whole number from 1000 to 600000, got '${value}'`), value)
  }
})
