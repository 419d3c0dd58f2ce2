// docs/recipes.md's client and contract-test recipes, taken as written and
// run for real against a server (the Testcontainers one, which needs Docker, is
// checked for its syntax). The CI and compose recipes: test/program/recipes-ci.test.ts.

import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import t, { type Test } from 'tap'
import { buildApp } from '../../src/app.ts'
import { fetchChecked, referenceTime, testConfig } from '../helpers/app.ts'
import { freePort, recipe } from '../helpers/doc-blocks.ts'

// Prism, npx and openapi-typescript start in seconds each, more on a busy machine.
t.setTimeout(300_000)

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

async function server (t: Test) {
  const app = await buildApp(testConfig(), { realNow: referenceTime() })
  t.teardown(() => app.close())
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  return { url, port: new URL(url).port }
}

t.test('Testcontainers (needs Docker): the recipe\'s test passes as written, with testcontainers 12 and a stand-in for Docker', async (t) => {
  const [install, run] = recipe('A Node test with Testcontainers', 'sh').trim().split('\n').map((line) => line.replace(/#.*$/, '').trim())
  const major = /^npm install --save-dev testcontainers@(\d+)$/.exec(install ?? '')?.[1]
  const installed = (JSON.parse(readFileSync(join(ROOT, 'node_modules/testcontainers/package.json'), 'utf8')) as { version: string }).version
  t.equal(installed.split('.')[0], major, `the testcontainers tested (${installed}, a devDependency) is the major the recipe installs`)
  t.equal(run, 'node --test')
  // The recipe's file, run by `node --test`; its `testcontainers` is test/helpers/testcontainers-standin.ts,
  // which starts the image's command instead of a container and waits with the real Wait.
  const dir = t.testdir()
  const file = join(dir, 'oncehub.test.mjs')
  writeFileSync(file, recipe('A Node test with Testcontainers', 'js'))
  writeFileSync(join(dir, 'hooks.mjs'), `import { registerHooks } from 'node:module'
registerHooks({
  resolve: (specifier, context, next) => specifier === 'testcontainers' && context.parentURL === ${JSON.stringify(pathToFileURL(file).href)}
    ? { url: ${JSON.stringify(new URL('../helpers/testcontainers-standin.ts', import.meta.url).href)}, shortCircuit: true }
    : next(specifier, context)
})
`)
  const port = /^EXPOSE (\d+)$/m.exec(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'))?.[1]
  const result = await command(process.execPath, ['--test'], { cwd: dir, env: { PATH: process.env.PATH, NODE_OPTIONS: `--import=${join(dir, 'hooks.mjs')}`, IMAGE_PORT: port } })
  t.equal(result.code, 0, 'node --test passes', { output: result.output })
  t.match(result.output, /^ℹ pass 1$/m, 'its one test passed')
})

/** Runs a command without blocking this process (which may be the server it asks). */
async function command (file: string, args: string[], options: { cwd: string, env?: NodeJS.ProcessEnv }): Promise<{ code: number | null, stdout: string, output: string }> {
  const child = spawn(file, args, options)
  let stdout = ''
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); output += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  return { code, stdout, output }
}

t.test('a client generated from the served contract lists bookings, and passes tsc --strict as written', async (t) => {
  const { url } = await server(t)
  // The reader's project: the recipe's files, and what its npm commands install (ours, linked).
  const dir = t.testdir()
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'))
  const [generate, ...installs] = recipe('A client generated from the served contract', 'sh').trim().split('\n')
  t.match(installs, [/^npm install openapi-fetch$/, /^npm install --save-dev typescript @types\/node /])
  for (const name of ['openapi-fetch', 'typescript', '@types/node']) t.ok(existsSync(join(dir, 'node_modules', name)), `${name} is installed`)
  const generateArgs = generate!.replace(/#.*$/, '').trim().split(/\s+/).slice(2).map((word) => word.replace('http://localhost:8080', url))
  // Not spawnSync: the server it asks runs in this process.
  t.equal((await command(join(ROOT, 'node_modules/.bin/openapi-typescript'), generateArgs, { cwd: dir })).code, 0, 'npx openapi-typescript ...')
  t.match(readFileSync(join(dir, 'oncehub.d.ts'), 'utf8'), /"\/v2\/bookings": \{/, 'types generated from the served document')
  writeFileSync(join(dir, 'list-bookings.mjs'), recipe('A client generated from the served contract', 'js'))

  const [run, check] = recipe('A client generated from the served contract', 'sh', 1).trim().split('\n').map((line) => line.replace(/#.*$/, '').trim().split(/\s+/))
  t.strictSame(run, ['node', 'list-bookings.mjs'])
  const listed = await command(process.execPath, run!.slice(1), { cwd: dir, env: { PATH: process.env.PATH, ONCEHUB_URL: url } })
  t.equal(listed.code, 0, 'node list-bookings.mjs', { output: listed.output })
  const out = listed.stdout.trim().split('\n')
  t.equal(out.length, 5)
  for (const line of out) t.match(line, /^BKNG-[A-Z0-9]{12} \d{4}-\d{2}-\d{2}T[\d:]+Z \S+@\S+$/)

  t.match(check, ['npx', 'tsc', '--strict'])
  const tsc = await command(join(ROOT, 'node_modules/.bin/tsc'), check!.slice(2), { cwd: dir })
  t.equal(tsc.code, 0, `${check!.join(' ')}: no type error`, { output: tsc.output })
})

/** The line of the contract-test recipe that starts with `start`, its words after it. */
function contractRecipe (start: string): string[] {
  const line = recipe('Contract tests', 'sh').split('\n').find((l) => l.startsWith(start))
  if (line === undefined) throw new Error(`the contract-test recipe has no line starting with ${start}`)
  return line.slice(start.length).replace(/#.*$/, '').trim().split(/\s+/)
}

/** Starts the recipe's Prism command with the mock's URL replaced by `upstream`, on `port`; resolves with Prism's URL. */
async function prism (t: Test, upstream: string, port?: number): Promise<string> {
  const command = contractRecipe('npx @stoplight/prism-cli ').map((word) => word.replaceAll('http://localhost:8080', upstream))
  command[command.indexOf('--port') + 1] = String(port ?? await freePort())
  const child = spawn(join(ROOT, 'node_modules/.bin/prism'), command, { stdio: ['ignore', 'pipe', 'pipe'] })
  t.teardown(() => { child.kill('SIGKILL') })
  return await new Promise<string>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`Prism did not start: ${out}`)), 60_000)
    const read = (chunk: Buffer) => {
      out += chunk.toString()
      const match = /Prism is listening on (http:\/\/\S+)/.exec(out)
      if (match) { clearTimeout(timer); resolve(match[1]!) }
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
  })
}

t.test('contract tests: Prism in proxy mode passes good calls and answers 422 for a request that breaks the contract', async (t) => {
  const { url } = await server(t)
  const proxy = await prism(t, url)
  // The mock's answer through the proxy keeps the contract; Prism's own 422 is Prism's.
  const good = await fetchChecked(t, `${proxy}/v2/bookings?limit=2`, { headers: { 'API-Key': 'k' } })
  t.equal(good.statusCode, 200)
  t.equal(good.json().data.length, 2)
  const bad = await fetch(`${proxy}/v2/bookings?limit=500`, { headers: { 'API-Key': 'k' } })
  t.equal(bad.status, 422)
  t.match(await bad.json(), { type: 'https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY', validation: [{ location: ['query', 'limit'] }] })
})

t.test('contract tests: a client following rel="next" through Prism stays behind it, for every page', async (t) => {
  const [mockPort, proxyPort] = [await freePort(), await freePort()]
  // The recipe's command for the mock, as written, on free ports.
  const args = contractRecipe('npx oncehub-mock ').map((word) => word.replace('8080', String(mockPort)).replace('4010', String(proxyPort)))
  t.match(args, ['--port', String(mockPort), '--public-url', `http://localhost:${proxyPort}`])
  const mock = spawn(process.execPath, [join(ROOT, 'src/bin.js'), ...args], { cwd: ROOT, env: { PATH: process.env.PATH, LOG_LEVEL: 'silent' }, stdio: 'ignore' })
  t.teardown(() => { mock.kill('SIGKILL') })
  const mockUrl = `http://localhost:${mockPort}`
  for (let i = 0; i < 300 && await fetch(`${mockUrl}/_mock/health`).then(() => false, () => true); i++) await new Promise((resolve) => setTimeout(resolve, 100))
  const proxy = `http://localhost:${new URL(await prism(t, mockUrl, proxyPort)).port}`

  const ids: string[] = []
  const visited: string[] = []
  for (let next: string | undefined = `${proxy}/v2/bookings?limit=20&status=scheduled,canceled`; next !== undefined;) {
    visited.push(next)
    const page = await fetchChecked(t, next, { headers: { 'API-Key': 'k' } })
    t.equal(page.statusCode, 200, next)
    ids.push(...page.json<{ data: Array<{ id: string }> }>().data.map((booking) => booking.id))
    next = /<([^>]+)>; rel="next"/.exec(String(page.headers.link ?? ''))?.[1]
  }
  t.ok(visited.length > 2, `${visited.length} pages`)
  t.same(visited.filter((url) => new URL(url).origin !== proxy), [], 'every page was asked of the proxy')
  const direct = await (await fetch(`${mockUrl}/v2/bookings?limit=100&status=scheduled,canceled`, { headers: { 'API-Key': 'k' } })).json() as { data: Array<{ id: string }>, has_more: boolean }
  t.notOk(direct.has_more)
  t.same(ids, direct.data.map((booking) => booking.id), 'and together they are the whole list, in order')
})

t.test('contract tests: Prism answers 500 errors#VIOLATIONS for a response that breaks the contract', async (t) => {
  // A deliberately bad upstream: the real openapi.yaml, and a booking list whose booking lacks its fields.
  const spec = readFileSync(join(ROOT, 'openapi.yaml'))
  let calls = 0
  const upstream = createServer((request, response) => {
    if (request.url === '/openapi.yaml') return response.writeHead(200, { 'content-type': 'application/yaml' }).end(spec)
    calls++
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [{ id: 'BKNG-000000000000' }], has_more: false }))
  })
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { upstream.close() })
  const proxy = await prism(t, `http://127.0.0.1:${(upstream.address() as { port: number }).port}`)
  const answer = await fetch(`${proxy}/v2/bookings?limit=2`, { headers: { 'API-Key': 'k' } })
  t.equal(calls, 1, 'the call reached the upstream')
  t.equal(answer.status, 500, 'not 422: that one is for requests')
  t.match(await answer.json(), {
    type: 'https://stoplight.io/prism/errors#VIOLATIONS',
    validation: [{ location: ['response', 'body', 'data', '0'], message: /must have required property/ }]
  })
})

t.test('npx oncehub-mock runs from the clone', async (t) => {
  const result = spawnSync('npx', ['oncehub-mock', '--version'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 })
  t.equal(result.status, 0)
  t.equal(result.stdout.trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version)
})
