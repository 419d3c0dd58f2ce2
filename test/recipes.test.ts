// The README's recipes, taken from README.md as written and run in the form this
// machine can run: recipes that need Docker are checked for their YAML, their
// syntax and their health command; the others run for real against a server.

import { spawn, spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t, { type Test } from 'tap'
import { load as parseYaml } from 'js-yaml'
import { buildApp } from '../src/app.ts'
import { fetchChecked, referenceTime, testConfig } from './helper.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')

/** The first code block of `language` under the heading that starts with `heading`. */
function recipe (heading: string, language: string): string {
  const start = readme.indexOf(`### ${heading}`)
  if (start < 0) throw new Error(`README.md has no recipe '${heading}'`)
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(readme.slice(start))
  if (match === null) throw new Error(`recipe '${heading}' has no ${language} block`)
  return match[1]!
}

async function server (t: Test) {
  const app = await buildApp(testConfig(), { realNow: referenceTime() })
  t.teardown(() => app.close())
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  return { url, port: new URL(url).port }
}

async function freePort (): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise((resolve) => probe.close(resolve))
  return port
}

t.test('docker compose: a service with a health condition on the mock', async (t) => {
  const compose = parseYaml(recipe('docker compose', 'yaml')) as any
  t.strictSame(compose.services.oncehub.ports, ['8080:8080'])
  t.equal(compose.services.app.depends_on.oncehub.condition, 'service_healthy')
  t.equal(compose.services.app.environment.ONCEHUB_BASE_URL, 'http://oncehub:8080/v2')
  t.match(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'), /^HEALTHCHECK [\s\S]*?\/_mock\/health/m, 'the image has the health check compose waits on')
})

t.test('GitHub Actions: the service health command passes against a running mock, fails without one', async (t) => {
  const workflow = parseYaml(recipe('GitHub Actions service container', 'yaml')) as any
  const service = workflow.jobs.test.services.oncehub
  t.strictSame(service.ports, ['8080:8080'])
  const command = /--health-cmd "(.*)" --health-interval/.exec(service.options)![1]!.replaceAll('\\"', '"')
  const { port } = await server(t)
  // Asynchronously: the server answering it runs in this process.
  const health = async (target: string) => await new Promise<number | null>((resolve) => {
    spawn('sh', ['-c', command.replace('127.0.0.1:8080', target)], { timeout: 10_000 }).on('exit', resolve)
  })
  t.equal(await health(`127.0.0.1:${port}`), 0, 'healthy when the mock answers')
  t.equal(await health('127.0.0.1:1'), 1, 'unhealthy when nothing listens')
})

t.test('Testcontainers: the test is valid JavaScript', async (t) => {
  const dir = t.testdir()
  const file = join(dir, 'container.test.mjs')
  writeFileSync(file, recipe('A Node test with Testcontainers', 'js'))
  t.equal(spawnSync(process.execPath, ['--check', file]).status, 0)
})

t.test('a client generated from the served contract lists bookings', async (t) => {
  const { url } = await server(t)
  const dir = t.testdir()
  await new Promise((resolve) => spawn(join(ROOT, 'node_modules/.bin/openapi-typescript'), [`${url}/openapi.yaml`, '-o', join(dir, 'oncehub.d.ts')]).on('exit', resolve))
  t.match(readFileSync(join(dir, 'oncehub.d.ts'), 'utf8'), /"\/v2\/bookings": \{/, 'types generated from the served document')
  const script = join(ROOT, 'node_modules', '.recipe-list-bookings.mjs')
  writeFileSync(script, recipe('A client generated from the served contract', 'js'))
  t.teardown(() => { spawnSync('rm', ['-f', script]) })
  const out = (await new Promise<string>((resolve, reject) => {
    let stdout = ''
    const child = spawn(process.execPath, [script], { env: { PATH: process.env.PATH, ONCEHUB_URL: url } })
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
    child.on('exit', (code) => code === 0 ? resolve(stdout) : reject(new Error(`exit ${code}`)))
  })).trim().split('\n')
  t.equal(out.length, 5)
  for (const line of out) t.match(line, /^BKNG-[A-Z0-9]{12} \d{4}-\d{2}-\d{2}T[\d:]+Z \S+@\S+$/)
})

t.test('contract tests: Prism in proxy mode passes good calls and reports violations', async (t) => {
  const { url } = await server(t)
  const command = recipe('Contract tests', 'sh').split('\n')[0]!.replace('npx @stoplight/prism-cli ', '').replaceAll('http://localhost:8080', url).split(/\s+/)
  command[command.indexOf('--port') + 1] = String(await freePort())
  const prism = spawn(join(ROOT, 'node_modules/.bin/prism'), command, { stdio: ['ignore', 'pipe', 'pipe'] })
  t.teardown(() => { prism.kill('SIGKILL') })
  const proxy = await new Promise<string>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`Prism did not start: ${out}`)), 60_000)
    const read = (chunk: Buffer) => {
      out += chunk.toString()
      const match = /Prism is listening on (http:\/\/\S+)/.exec(out)
      if (match) { clearTimeout(timer); resolve(match[1]!) }
    }
    prism.stdout.on('data', read)
    prism.stderr.on('data', read)
  })
  // The mock's answer through the proxy keeps the contract; Prism's own 422 is Prism's.
  const good = await fetchChecked(t, `${proxy}/v2/bookings?limit=2`, { headers: { 'API-Key': 'k' } })
  t.equal(good.statusCode, 200)
  t.equal(good.json().data.length, 2)
  const bad = await fetch(`${proxy}/v2/bookings?limit=500`, { headers: { 'API-Key': 'k' } })
  t.equal(bad.status, 422)
  t.match(await bad.text(), /limit must be <= 100/)
})

t.test('npx oncehub-mock runs from the clone', async (t) => {
  const result = spawnSync('npx', ['oncehub-mock', '--version'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 })
  t.equal(result.status, 0)
  t.equal(result.stdout.trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version)
})
