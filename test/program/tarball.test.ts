// docs/recipes.md's packed-tarball recipe, as written: `npm pack` in a copy of this
// checkout, then `npx --yes ./oncehub-mock-0.1.0.tgz`, which installs the package and
// its dependencies from the npm registry as a user's machine would. What ships is
// JavaScript (dist/): Node strips no types under node_modules.

import { spawn, spawnSync } from 'node:child_process'
import { cpSync, readFileSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { fetchChecked } from '../helpers/app.ts'
import { recipe } from '../helpers/doc-blocks.ts'
import { npmEnv, registryUnreachable } from '../helpers/registry.ts'
import { spawnServer } from '../helpers/spawn-server.ts'

// npm pack builds dist/ (tsc), npx installs about 130 packages: tens of seconds on a busy machine.
t.setTimeout(600_000)

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

t.test('npm pack, then npx runs the packed tarball: --help, and a server that answers', { skip: registryUnreachable() }, async (t) => {
  const line = recipe('From a clone or a packed tarball', 'sh').split('\n').find((l) => l.startsWith('npm pack'))!.replace(/#.*$/, '').trim()
  t.equal(line, 'npm pack && npx --yes ./oncehub-mock-0.1.0.tgz --help')
  // A copy of what `npm pack` and its prepack build read, so that this checkout gets no dist/ or tarball.
  const dir = t.testdir()
  const copy = join(dir, 'oncehub-mock')
  const { files } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] }
  // Not dist/: the pack's prepack builds it.
  const sources = new Set([...files.filter((entry) => entry !== 'dist'), 'src', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'])
  for (const entry of sources) cpSync(join(ROOT, entry), join(copy, entry), { recursive: true })
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'))
  // npm's cache of its own: npx installs into it, and reuses nothing from another run.
  const env = npmEnv({ npm_config_cache: join(dir, 'npm-cache') })

  const child = spawn('bash', ['-e', '-c', line], { cwd: copy, env })
  let stdout = ''
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); output += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  t.equal(await new Promise((resolve) => child.on('close', resolve)), 0, line, { output })
  const help = spawnSync(process.execPath, [join(ROOT, 'src/bin.js'), '--help'], { encoding: 'utf8' }).stdout
  t.ok(help.length > 0 && stdout.endsWith(help), 'the packed command line\'s --help, as the clone\'s')

  const listing = spawnSync('tar', ['-tzf', 'oncehub-mock-0.1.0.tgz'], { cwd: copy, encoding: 'utf8' }).stdout.split('\n').filter(Boolean)
  t.same(listing.filter((path) => /\.ts$/.test(path)), [], 'no TypeScript in the package')
  t.ok(listing.includes('package/dist/cli.js') && listing.includes('package/openapi.yaml'), 'the compiled code, and the contract it serves')

  const server = await spawnServer(t, ['npx', '--yes', './oncehub-mock-0.1.0.tgz', '--seed', '3', '--bookings', '300'], { cwd: copy, env })
  t.match(server.url, /^http:\/\/localhost:\d+$/)
  const page = await fetchChecked(t, `${server.url}/v2/bookings?limit=3`, { headers: { 'API-Key': 'k' } })
  t.equal(page.json().data.length, 3, 'bookings generated and served by the installed package (better-sqlite3, the worker, dist/)')
  t.equal((await fetchChecked(t, `${server.url}/docs/`)).statusCode, 200, 'and its documentation page')
  t.match(server.stdout(), /"msg":"Built the indexes of 300 bookings in /)
})
