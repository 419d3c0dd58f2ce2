// docs/recipes.md's CI and compose recipes, as written. The GitHub Actions job without
// Docker runs here for real: its start step from this checkout, its wait loop against
// what that started. Of the Docker ones, what runs without Docker runs: their flags
// (the image's ENTRYPOINT is the command line), their wait loop and health command.

import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t, { type Test } from 'tap'
import { load as parseYaml } from 'js-yaml'
import { freePort, recipe } from '../helpers/doc-blocks.ts'

// Servers start from the source and through npx: seconds each on a busy machine.
t.setTimeout(300_000)

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')

interface Step { name?: string, uses?: string, run?: string, with?: Record<string, string>, 'working-directory'?: string, env?: Record<string, string> }

/** Runs a step's script as GitHub's runner does (bash -e), in its own process group, killed when the test ends. */
async function runStep (t: Test, script: string, options: { cwd: string, env: Record<string, string> }): Promise<{ code: number | null, output: string }> {
  const child: ChildProcess = spawn('bash', ['-e', '-c', script], { cwd: options.cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env }, detached: true })
  // What the step left running in the background (the mock) is in the step's process group.
  t.teardown(() => { try { process.kill(-child.pid!, 'SIGKILL') } catch {} })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  return { code, output }
}

/** Starts `oncehub-mock args` as the image's ENTRYPOINT would, with the image's PORT set to `port`. */
function startImageCommand (t: Test, args: string[], port: number): void {
  const child = spawn(process.execPath, [join(ROOT, 'src/bin.js'), ...args], {
    cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent' }, stdio: 'ignore'
  })
  t.teardown(() => { child.kill('SIGKILL') })
}

/** Asserts that the mock on `port` enforces the key `test-key`, as the recipes' flags ask. */
async function keyEnforced (t: Test, port: number): Promise<void> {
  const url = `http://127.0.0.1:${port}/v2/bookings?limit=1`
  t.equal((await fetch(url, { headers: { 'API-Key': 'test-key' } })).status, 200, 'the key given by flag is accepted')
  t.equal((await fetch(url, { headers: { 'API-Key': 'another-key' } })).status, 401, 'and no other')
}

/** The workflow's steps: the checkout of oncehub-mock, the start step and the wait step. */
function stepsOf (t: Test, yaml: string) {
  const steps = (parseYaml(yaml) as { jobs: { test: { steps: Step[] } } }).jobs.test.steps
  const checkout = steps.find((step) => step.uses === 'actions/checkout@v4' && step.with?.path !== undefined)
  t.match(checkout?.with, { repository: 'OWNER/oncehub-mock', path: 'oncehub-mock' }, 'oncehub-mock is checked out beside the project, from a repository the reader names')
  t.match(yaml, /repository: OWNER\/oncehub-mock +# ← put the GitHub repository of your copy of oncehub-mock here/, 'and the recipe says what to put there')
  const start = steps.find((step) => step.name === 'Start oncehub-mock')!
  const wait = steps.find((step) => step.name === 'Wait until oncehub-mock answers')!
  t.ok(start.run && wait.run, 'a start step and a wait step')
  return { checkout: checkout!, start, wait: wait.run!, test: steps.at(-1)! }
}

t.test('GitHub Actions without Docker: the start step runs the mock from the checkout, the wait step waits for it', async (t) => {
  const { checkout, start, wait, test } = stepsOf(t, recipe('GitHub Actions, without Docker', 'yaml'))
  t.equal(start['working-directory'], checkout.with!.path, 'started in the checkout')
  t.equal(test.env?.ONCEHUB_BASE_URL, 'http://127.0.0.1:8080/v2')
  const [install, ...rest] = start.run!.trim().split('\n')
  t.equal(install, 'npm ci', 'installs first (this checkout is installed already: the test skips it)')

  const port = await freePort()
  const runnerTemp = t.testdir()
  const env = { RUNNER_TEMP: runnerTemp }
  const started = await runStep(t, rest.join('\n').replaceAll('8080', String(port)), { cwd: ROOT, env })
  t.equal(started.code, 0, 'the start step ends, leaving the mock running')
  const waited = await runStep(t, wait.replaceAll('8080', String(port)), { cwd: runnerTemp, env })
  t.equal(waited.code, 0, 'the wait step succeeds once the mock answers', { output: waited.output })
  t.match(waited.output, /"status":"ok"/)
  await keyEnforced(t, port)

  // With nothing listening (and 2 tries instead of 60), the wait step fails and shows the log.
  const failed = await runStep(t, wait.replace('seq 1 60', 'seq 1 2').replaceAll('8080', String(await freePort())), { cwd: runnerTemp, env })
  t.equal(failed.code, 1, 'the wait step fails when nothing answers')
  t.match(failed.output, /oncehub-mock on http/, 'and prints the mock\'s log')
})

t.test('GitHub Actions with Docker (needs Docker): the image built from the checkout, its flags and its wait loop', async (t) => {
  const { checkout, start, wait } = stepsOf(t, recipe('GitHub Actions with Docker', 'yaml'))
  const [build, run] = start.run!.trim().split('\n')
  t.equal(build, `docker build -t oncehub-mock ./${checkout.with!.path}`, 'builds the image from the checkout')
  const words = run!.split(/\s+/)
  t.strictSame(words.slice(0, 7), ['docker', 'run', '-d', '--name', 'oncehub-mock', '-p', '8080:8080'])
  t.equal(words[7], 'oncehub-mock', 'runs the image just built')
  t.match(DOCKERFILE, /^ENTRYPOINT \["node", "dist\/cli\.js"\]$/m, 'whose ENTRYPOINT is the command line, so the words after its name are its flags')

  const port = await freePort()
  startImageCommand(t, words.slice(8), port)
  const waited = await runStep(t, wait.replaceAll('8080', String(port)), { cwd: t.testdir(), env: {} })
  t.equal(waited.code, 0, 'the wait step succeeds once the mock answers', { output: waited.output })
  await keyEnforced(t, port)
})

t.test('GitHub Actions services container (needs Docker): the health command passes against a running mock, fails without one', async (t) => {
  const service = (parseYaml(recipe('GitHub Actions with Docker', 'yaml', 1)) as { services: { oncehub: { image: string, ports: string[], options: string } } }).services.oncehub
  t.strictSame(service.ports, ['8080:8080'])
  t.match(service.image, /^ghcr\.io\/OWNER\/oncehub-mock:latest$/, 'an image the reader pushed')
  const command = /--health-cmd "(.*)" --health-interval/.exec(service.options)![1]!.replaceAll('\\"', '"')
  const port = await freePort()
  startImageCommand(t, [], port)
  const health = async (target: string) => (await runStep(t, `for i in $(seq 1 60); do ${command.replace('127.0.0.1:8080', target)} && exit 0; sleep 1; done; exit 1`, { cwd: ROOT, env: {} })).code
  t.equal(await health(`127.0.0.1:${port}`), 0, 'healthy once the mock answers')
  const once = async (target: string) => (await runStep(t, command.replace('127.0.0.1:8080', target), { cwd: ROOT, env: {} })).code
  t.equal(await once('127.0.0.1:1'), 1, 'unhealthy when nothing listens')
})

t.test('docker compose (needs Docker): built from a folder the recipe names, with the mock\'s flags, healthy before the app starts', async (t) => {
  const yaml = recipe('docker compose', 'yaml')
  const compose = parseYaml(yaml) as { services: { oncehub: { build: string, ports: string[], command: string[] }, app: { depends_on: { oncehub: { condition: string } }, environment: Record<string, string> } } }
  t.equal(compose.services.oncehub.build, '../oncehub-mock')
  t.match(yaml, /build: \.\.\/oncehub-mock +# ← the folder of your clone of oncehub-mock/, 'the recipe says what to put there')
  t.strictSame(compose.services.oncehub.ports, ['8080:8080'])
  t.equal(compose.services.app.depends_on.oncehub.condition, 'service_healthy')
  t.equal(compose.services.app.environment.ONCEHUB_BASE_URL, 'http://oncehub:8080/v2')
  t.match(DOCKERFILE, /^HEALTHCHECK [\s\S]*?\/_mock\/health/m, 'the image has the health check compose waits on')

  const port = await freePort()
  startImageCommand(t, compose.services.oncehub.command, port)
  for (let i = 0; i < 600 && await fetch(`http://127.0.0.1:${port}/_mock/health`).then(() => false, () => true); i++) await new Promise((resolve) => setTimeout(resolve, 100))
  await keyEnforced(t, port)
})
