// The `oncehub-mock` command, run as a user runs it: through its bin script.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import t, { type Test } from 'tap'
import { datasetProblem } from '../../src/dataset/validate.ts'
import { fetchChecked } from '../helpers/app.ts'

// Each run starts Node on the source: seconds apiece on a busy machine.
t.setTimeout(300_000)

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const BIN = join(ROOT, 'src/bin.js')
// A clean environment: no ONCEHUB_* settings or tap hooks from the caller.
const ENV = { PATH: process.env.PATH, HOME: process.env.HOME }

function run (args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...ENV, ...env }, encoding: 'utf8', timeout: 60_000 })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** Starts the server from `root` (through `command`); resolves with its start-up line once it listens. */
async function start (t: Test, args: string[], env: Record<string, string> = {}, { root = ROOT, command = [process.execPath, join(root, 'src/bin.js')] } = {}) {
  const child = spawn(command[0]!, [...command.slice(1), '--port', '0', '--log-format', 'json', ...args], { cwd: root, env: { ...ENV, ...env } })
  t.teardown(() => { child.kill('SIGKILL') })
  let out = ''
  return await new Promise<{ line: any, url: string, child: ChildProcess, output: () => string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up line: ${out}`)), 30_000)
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const line = out.split('\n').map((l) => { try { return JSON.parse(l) } catch { return undefined } }).find((l) => l?.msg?.startsWith('oncehub-mock on '))
      if (line) {
        clearTimeout(timer)
        resolve({ line, url: /on (http:\/\/\S+)\/v2/.exec(line.msg)![1]!, child, output: () => out })
      }
    })
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)))
  })
}

t.test('--help lists every flag and its variable; --version prints the version', async (t) => {
  const help = run(['--help'])
  t.equal(help.status, 0)
  for (const [flag, variable] of [['--port', 'PORT'], ['--host', 'HOST'], ['--db', 'ONCEHUB_MOCK_DB'], ['--seed', 'ONCEHUB_MOCK_SEED'], ['--bookings', 'ONCEHUB_MOCK_BOOKINGS'], ['--fixtures', 'ONCEHUB_MOCK_FIXTURES'], ['--api-keys', 'ONCEHUB_MOCK_API_KEYS']]) {
    t.match(help.stdout, new RegExp(`${flag} .* ${variable} `), `${flag} and ${variable}`)
  }
  t.match(help.stdout, /oncehub-mock fixtures --out FILE/)
  t.strictSame(run(['-h']), help, '-h is --help')
  const version = run(['--version'])
  t.equal(version.status, 0)
  t.equal(version.stdout.trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version)
})

t.test('fixtures --help (or -h) describes the fixtures command and writes nothing', async (t) => {
  const help = run(['fixtures', '--help'])
  t.equal(help.status, 0)
  t.equal(help.stderr, '')
  t.match(help.stdout, /^oncehub-mock fixtures: /)
  for (const [flag, variable] of [['--seed', 'ONCEHUB_MOCK_SEED'], ['--bookings', 'ONCEHUB_MOCK_BOOKINGS'], ['--reference-date', 'ONCEHUB_MOCK_REFERENCE_DATE']]) {
    t.match(help.stdout, new RegExp(`${flag} .* ${variable} `), `${flag} and ${variable}`)
  }
  t.match(help.stdout, /--out FILE {2,}the file to write/)
  t.strictSame(run(['fixtures', '-h']), help, '-h is --help')
})

t.test('mistakes get one line and a non-zero exit', async (t) => {
  const cases: Array<[string[], Record<string, string>, number, RegExp]> = [
    [['--bogus'], {}, 2, /^oncehub-mock: Unknown option '--bogus'\. Try 'oncehub-mock --help'\.$/],
    [['--port'], {}, 2, /^oncehub-mock: Option '--port <value>' argument missing/],
    [['--port', 'abc'], {}, 1, /^oncehub-mock: --port must be a whole number from 0 to 65535, got 'abc'$/],
    [['--bookings=-4'], {}, 1, /^oncehub-mock: --bookings must be a whole number/],
    [['--bookings', '-4'], {}, 2, /^oncehub-mock: Option '--bookings' argument is ambiguous\. Did you forget/],
    [[], { LOG_LEVEL: 'loud' }, 1, /^oncehub-mock: LOG_LEVEL must be one of/],
    [['--host', '999.1.1.1', '--port', '0'], {}, 1, /^oncehub-mock: --host: cannot listen on '999\.1\.1\.1': no such host name or address$/],
    [['--db', '/nonexistent/dir/x.db'], {}, 1, /^oncehub-mock: --db: cannot open '\/nonexistent\/dir\/x\.db': the directory does not exist$/],
    [['fixtures'], {}, 2, /^oncehub-mock: fixtures needs --out FILE/],
    [['fixtures', '--out', '/nonexistent-dir/x.json'], {}, 2, /^oncehub-mock: cannot write \/nonexistent-dir\/x\.json: ENOENT/]
  ]
  for (const [args, env, status, message] of cases) {
    const result = run(args, env)
    t.equal(result.status, status, args.join(' ') || JSON.stringify(env))
    t.match(result.stderr.trim(), message)
    t.equal(result.stderr.trim().split('\n').length, 1, 'one line')
  }
})

t.test('flags win over environment variables', async (t) => {
  const { line, url } = await start(t, ['--seed', '9', '--bookings', '30', '--api-keys', 'from-flag'], { PORT: 'abc', ONCEHUB_MOCK_SEED: '1', ONCEHUB_MOCK_API_KEYS: 'from-env' })
  t.match(line.msg, /: 30 bookings, seed 9, 1 API key\(s\) enforced; ready in \d+ ms$/)
  t.equal((await fetchChecked(t, `${url}/v2/test`, { headers: { 'API-Key': 'from-flag' } })).statusCode, 200)
  t.equal((await fetchChecked(t, `${url}/v2/test`, { headers: { 'API-Key': 'from-env' } })).statusCode, 401)
  t.equal((await fetchChecked(t, `${url}/docs`)).statusCode, 200)
})

t.test('npm start runs node in npm\'s place: stopping npm stops the server', async (t) => {
  const { line, child, output } = await start(t, [], {}, { command: ['npm', 'start', '--'] })
  t.teardown(() => { if (alive(line.pid)) process.kill(line.pid, 'SIGKILL') })
  t.equal(readFileSync(`/proc/${line.pid}/stat`, 'utf8').split(' ')[3], String(child.pid), 'the server is npm\'s own child, with no shell between')
  child.kill('SIGTERM')
  // npm passes SIGTERM to its child; the bound is only reached if the server is left running.
  for (let i = 0; i < 300 && alive(line.pid); i++) await sleep(100)
  t.notOk(alive(line.pid), 'the server has exited')
  t.match(output(), /"msg":"SIGTERM: closing"/, 'after closing gracefully')
})

/** Is `pid` a live process (not gone, not a zombie)? */
function alive (pid: number): boolean {
  return existsSync(`/proc/${pid}/stat`) && !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
}

t.test('fixtures: written by the command, validated and loaded by the server', async (t) => {
  const dir = t.testdir()
  const file = join(dir, 'mine.json')
  const made = run(['fixtures', '--seed', '4', '--bookings', '50', '--reference-date', '2026-02-01', '--out', file])
  t.equal(made.status, 0)
  t.match(made.stderr, /^Wrote 50 bookings \(seed 4\) to .*mine\.json in \d+\.\d s\n$/, 'no progress bar when not a terminal, only the summary')
  const dataset = JSON.parse(readFileSync(file, 'utf8'))
  t.equal(dataset.bookings.length, 50)
  t.equal(dataset.reference_date, '2026-02-01T00:00:00Z')
  t.equal(await datasetProblem(dataset), undefined, 'a valid file')

  const { line, url } = await start(t, ['--fixtures', file])
  t.match(line.msg, /: 50 bookings, seed 4,/)
  const page = (await fetchChecked(t, `${url}/v2/bookings?limit=100`, { headers: { 'API-Key': 'k' } })).json() as { data: Array<{ id: string }> }
  t.strictSame(page.data.map((b) => b.id).sort(), dataset.bookings.map((b: { id: string }) => b.id).sort())

  dataset.bookings[7].owner = 'USR-NOBODY0000'
  const broken = join(dir, 'broken.json')
  writeFileSync(broken, JSON.stringify(dataset))
  const refused = run(['--fixtures', broken, '--port', '0'])
  t.equal(refused.status, 1)
  t.equal(refused.stderr.trim(), `oncehub-mock: ${broken}: bookings[7].owner: no users object has the ID 'USR-NOBODY0000'`, 'the path and the reason, before the server starts')
})

t.test('the committed default fixtures file is valid', async (t) => {
  t.equal(await datasetProblem(JSON.parse(readFileSync(join(ROOT, 'fixtures/default.json'), 'utf8'))), undefined)
})

t.test('the server runs from a directory whose path has a space', async (t) => {
  const root = join(t.testdir(), 'a folder with spaces')
  mkdirSync(root)
  for (const entry of ['src', 'fixtures', 'openapi.yaml', 'package.json']) cpSync(join(ROOT, entry), join(root, entry), { recursive: true })
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(root, 'node_modules'))
  const { url } = await start(t, [], {}, { root })
  t.equal((await fetchChecked(t, `${url}/_mock/health`)).statusCode, 200)
  const page = await fetchChecked(t, `${url}/v2/bookings?limit=1`, { headers: { 'API-Key': 'k' } })
  t.equal(page.json().data.length, 1, 'the default fixtures file is found')
  t.equal((await fetchChecked(t, `${url}/openapi.yaml`)).body, readFileSync(join(root, 'openapi.yaml'), 'utf8'), 'and the contract')
})
