// The oldest Node that package.json's `engines` names, fetched from the npm registry
// as .ci/run fetches Node 24: it runs the source from this clone (types stripped, the
// generator's worker, better-sqlite3's Node-API addon, all installed by Node 24), and
// loads testcontainers 12, which docs/recipes.md's Testcontainers recipe installs.

import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import semver from 'semver'
import t from 'tap'
import { fetchChecked } from '../helpers/app.ts'
import { nodeRelease, registryUnreachable } from '../helpers/registry.ts'
import { spawnServer } from '../helpers/spawn-server.ts'

t.setTimeout(600_000)

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }
const oldest = /^>=(\d+\.\d+\.\d+)$/.exec(pkg.engines.node)?.[1]
const unreachable = registryUnreachable()

t.test('engines names the oldest supported Node, which every dependency that runs, and the recipes\' Testcontainers, support', async (t) => {
  t.ok(oldest, `engines.node is ">=x.y.z" (${pkg.engines.node})`)
  t.match(oldest, /^22\./, 'an LTS line older than 24: Node 22')
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean, engines?: { node?: string } }> }
  const refused = Object.entries(lock.packages)
    .filter(([path, entry]) => path !== '' && (entry.dev !== true || path === 'node_modules/testcontainers') && entry.engines?.node !== undefined)
    .filter(([, entry]) => !semver.satisfies(oldest!, entry.engines!.node!))
    .map(([path, entry]) => `${path.replace(/^.*node_modules\//, '')} needs ${entry.engines!.node}`)
  t.same(refused, [], `every production dependency, and testcontainers, runs on ${oldest}`)
})

t.test(`Node ${oldest} runs the source from a clone and loads testcontainers`, { skip: unreachable }, async (t) => {
  const node = nodeRelease(oldest!, t.testdir())
  t.equal(spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim(), `v${oldest}`)

  const server = await spawnServer(t, [node, join(ROOT, 'src/bin.js'), '--seed', '5', '--bookings', '300'], { cwd: ROOT })
  const page = await fetchChecked(t, `${server.url}/v2/bookings?limit=2&expand=owner`, { headers: { 'API-Key': 'k' } })
  t.equal(page.json().data.length, 2, 'a page of generated bookings, from SQLite')
  server.child.kill('SIGTERM')
  t.equal(await server.exited, 0, 'and it stops cleanly')
  t.equal(server.stderr(), '')

  const load = spawnSync(node, ['--input-type=module', '-e', "const { Wait } = await import('testcontainers'); console.log(Wait.forHttp('/_mock/health', 8080).constructor.name)"], { cwd: ROOT, encoding: 'utf8' })
  t.equal(load.status, 0, load.stderr)
  t.equal(load.stdout.trim(), 'HttpWaitStrategy', 'testcontainers loads, and makes the recipe\'s wait strategy')
})
