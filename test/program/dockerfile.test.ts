// The Dockerfile, checked without a Docker engine (issue 6, items 1 and 2): its
// instructions say what the image must be, and its build is repeated here in clean
// temporary folders (test/program/docker/build.ts) and its runtime stage started as the
// container would start it (test/program/docker/container.ts, test/program/docker/run.ts).
// Mutated copies of the Dockerfile (a missing file, no build step, a broken
// ENTRYPOINT, a server that ignores SIGTERM or HOST) must make that check fail, each
// for its own reason. What this cannot prove is in docs/docker.md.

import t, { type Test } from 'tap'
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, posix } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CONTAINER_ADDRESS, killLeftovers, STOP_WITHIN_MS } from './docker/container.ts'
import { CheckFailure, containerCommand, hostPath, userIds, type BuildOptions, type BuiltStage } from './docker/image.ts'
import { andList, commandOf, dockerignore, envPairs, execForm, flagsOf, parseDockerfile, shellWords, type Instruction } from './docker/parse.ts'
import { addedBytes, leftovers, MAX_ADDED_BYTES } from './docker/lean.ts'
import { checkImage, type CheckReport } from './docker/run.ts'

// npm ci compiles better-sqlite3 (about a minute); the whole file takes about three
// minutes, and several times that on a machine busy with other builds.
t.setTimeout(900_000)

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
const stages = parseDockerfile(DOCKERFILE)
const runtime = stages.at(-1)!

const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0
const cannotRun = process.platform !== 'linux'
  ? 'needs Linux'
  : process.getuid?.() !== 0
    ? 'needs root, to run the image as its USER in namespaces of its own'
    : ['setpriv', 'unshare', 'nsenter', 'ip', 'dpkg'].filter((tool) => !has(tool)).map((tool) => `needs ${tool}`)[0] ??
      (spawnSync('unshare', ['--net', 'sh', '-c', 'ip link add eth0 type veth peer name peer0']).status !== 0 ? 'needs veth links in a network namespace' : undefined)

const tag = /^node:(\d+)[\d.]*-(\w+)/.exec(runtime.image)
const of = (keyword: string) => runtime.instructions.filter((instruction) => instruction.keyword === keyword)
const last = (keyword: string): Instruction | undefined => of(keyword).at(-1)

t.test('the Dockerfile has what the image needs', async (t) => {
  t.ok(stages.length >= 2, 'multi-stage')
  t.same(new Set(stages.map((stage) => stage.image)).size, 1, `every stage starts FROM the same image (${stages[0]!.image}): same Node, same libc`)
  t.ok(tag, 'the base image is node:<major>-<debian>')

  const copies = of('COPY').map((copy) => flagsOf(copy.args))
  const fromBuild = copies.filter(({ flags }) => flags.has('from')).map(({ rest }) => shellWords(rest)[0])
  const build = stages.find((stage) => stage.name === copies.find(({ flags }) => flags.has('from'))?.flags.get('from'))
  t.ok(build?.instructions.some((i) => i.keyword === 'RUN' && andList(i.args).some((part) => /^npm ci\b.*--ignore-scripts\b/.test(part))), 'the build stage runs no install script (better-sqlite3\'s addon is prebuilt), whatever its npm makes of allowScripts')
  t.notOk(of('RUN').some((i) => i.args.includes('apt-get')), 'the runtime stage installs no toolchain')
  t.same(fromBuild.sort(), ['/app/dist', '/app/node_modules'], 'the runtime stage takes node_modules and dist from the build stage')
  t.notOk(copies.some(({ flags, rest }) => !flags.has('from') && /(^|\s)(\.\/)?(src|test|tsconfig[^\s]*)(\s|$)/.test(rest)), 'and no source from the context')

  const env = Object.fromEntries(of('ENV').flatMap((i) => envPairs(i.args)))
  t.equal(env.HOST, '0.0.0.0', 'HOST=0.0.0.0')
  t.ok(of('EXPOSE').some((i) => shellWords(i.args).includes(env.PORT ?? '')) && env.PORT === '8080', 'EXPOSE 8080, the PORT it listens on')
  const user = last('USER')?.args ?? null
  t.not(userIds(user).uid, 0, `runs as ${user}, not root`)
  t.ok(last('VOLUME'), 'declares a VOLUME for the database file')

  const health = last('HEALTHCHECK')
  const healthCmd = health && execForm(/CMD\s+(.*)$/s.exec(flagsOf(health.args).rest)?.[1] ?? '')
  t.equal(healthCmd?.[0], 'node', 'HEALTHCHECK runs node (the slim image has no curl)')
  t.match(healthCmd?.join(' '), /\/_mock\/health/, 'against /_mock/health')
  const entrypoint = last('ENTRYPOINT')
  t.ok(entrypoint && execForm(entrypoint.args), 'ENTRYPOINT is exec form: node is PID 1 and gets SIGTERM itself, not through /bin/sh')
  t.match(entrypoint && commandOf(entrypoint.args).argv.find((word) => word.endsWith('.js')), /^dist\/cli\.js$/, 'ENTRYPOINT runs the compiled command line')
})

t.test('the check reads .dockerignore and shell text as Docker does', async (t) => {
  const ignored = dockerignore('# comment\nnode_modules\n*.db\ndocs/**/*.png\n!docs/keep/**\n/dist/\n')
  const cases: Array<[string, boolean]> = [
    ['node_modules', true], ['node_modules/a/index.js', true], ['src/node_modules/a.js', false],
    ['data.db', true], ['fixtures/data.db', false], ['dist/server.js', true], ['distant.txt', false],
    ['docs/a.png', true], ['docs/x/y/a.png', true], ['docs/keep/a.png', false], ['src/app.ts', false]
  ]
  for (const [path, expected] of cases) t.equal(ignored(path), expected, `${path} ${expected ? 'excluded' : 'kept'}`)
  t.same(shellWords('a \'b c\' "d \\"e\\"" f\\ g'), ['a', 'b c', 'd "e"', 'f g'], 'shell words')
  t.same(andList('a && b \'x && y\' && c'), ['a', 'b \'x && y\'', 'c'], '&& lists, quotes kept')
  t.same(envPairs('A=1 B="two words"'), [['A', '1'], ['B', 'two words']], 'ENV pairs')
  t.same(envPairs('A one two'), [['A', 'one two']], 'ENV, old form')

  const image = (entrypoint: string | null, cmd: string | null) => ({ entrypoint: entrypoint === null ? null : commandOf(entrypoint), cmd: cmd === null ? null : commandOf(cmd) }) as BuiltStage
  const runs: Array<[BuiltStage, string[], string[] | undefined]> = [
    [image('["node", "cli.js"]', null), [], ['node', 'cli.js']],
    [image('["node", "cli.js"]', null), ['--seed', '7'], ['node', 'cli.js', '--seed', '7']],
    [image('["node", "cli.js"]', '["--port", "1"]'), [], ['node', 'cli.js', '--port', '1']],
    [image('["node", "cli.js"]', '["--port", "1"]'), ['--seed', '7'], ['node', 'cli.js', '--seed', '7']],
    [image('node cli.js', null), ['--seed', '7'], ['/bin/sh', '-c', 'node cli.js']],
    [image(null, '["node", "server.js"]'), [], ['node', 'server.js']],
    [image(null, '["node", "server.js"]'), ['--seed', '7'], ['--seed', '7']],
    [image(null, null), [], undefined]
  ]
  for (const [stage, args, expected] of runs) {
    t.same(containerCommand(stage, args)?.argv, expected, `docker run IMAGE ${args.join(' ')}, ENTRYPOINT ${stage.entrypoint?.argv.join(' ')}, CMD ${stage.cmd?.argv.join(' ')}`)
  }
})

const work = mkdtempSync(join(tmpdir(), 'oncehub-dockerfile-'))
chmodSync(work, 0o755)
t.teardown(() => {
  killLeftovers()
  // rm is several times faster than fs.rmSync on these node_modules trees.
  spawnSync('rm', ['-rf', work])
})
const cache = new Map<string, BuiltStage>()
const npmCi = new Map<string, string>()
let builds = 0
const options = (t: Test): BuildOptions => ({ context: ROOT, workRoot: join(work, `build-${builds++}`), cache, npmCi, log: (line) => t.comment(line) })

t.test('the build repeated here gives an image that starts, answers, logs JSON and stops', { skip: cannotRun }, async (t) => {
  t.equal(process.versions.node.split('.')[0], tag?.[1], 'this machine runs the image\'s Node major, so the check runs what the image would')
  const codename = /^VERSION_CODENAME=(\w+)$/m.exec(existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '')?.[1]
  if (codename !== tag?.[2]) t.comment(`this machine is Debian ${codename ?? '?'}, the image ${tag?.[2]}: its libc may differ from the image's`)
  const started = Date.now()
  const report: CheckReport = await checkImage(DOCKERFILE, options(t))
  t.comment(`the check took ${((Date.now() - started) / 1000).toFixed(0)} s`)
  const image = report.runtime
  t.pass(`listening ${report.readyMs} ms after start, with no volume: the image carries its dataset`)
  t.ok(report.stopMs < STOP_WITHIN_MS, `exited with code 0 ${report.stopMs} ms after ${image.stopSignal}, sent to it as PID 1`)
  t.ok(report.logs.some((record) => /^oncehub-mock on http/.test(String(record.msg))), 'logged its start-up line as JSON')
  t.ok(report.logs.some((record) => record.url === '/_mock/health' && record.statusCode === 200), 'the HEALTHCHECK reached /_mock/health')
  for (const path of ['/docs/', '/openapi.yaml', '/openapi.json']) {
    t.equal(report.answers.get(path)?.status, 200, `GET ${path} on the container's address (${CONTAINER_ADDRESS}:${image.expose[0]}), as a published port reaches it`)
  }
  t.ok(report.logs.some((record) => /SIGTERM: closing/.test(String(record.msg))), 'closed gracefully')
  t.ok(existsSync(report.volumeFile), 'kept its database under the VOLUME when ONCEHUB_MOCK_DB asked for it')
  t.ok(report.volumeLogs.some((record) => /^Built the indexes of 500 bookings in \d/.test(String(record.msg))), 'and, generating its dataset (--bookings 500), logged each step as JSON')

  t.same(leftovers(image, join(ROOT, 'package-lock.json')), [], 'the runtime stage holds only what runs: nothing dev or optional, no build tool or leftover, one native addon')
  t.notOk(existsSync(hostPath(image, 'src')), 'no TypeScript source in the runtime stage')
  const added = addedBytes(image)
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`
  t.comment(`the runtime stage adds ${mb(added.total)} to its base image: ${added.parts.map(([name, size]) => `${name} ${mb(size)}`).join(', ')}`)
  t.ok(added.total <= MAX_ADDED_BYTES, `the runtime stage adds ${mb(added.total)} to its base image, at most ${mb(MAX_ADDED_BYTES)}`)
  const { uid, gid } = userIds(image.user)
  const writable = spawnSync('setpriv', [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--', 'test', '-w', hostPath(image, '.')])
  t.not(writable.status, 0, `${image.user} cannot change the WORKDIR`)
  t.equal(npmCi.size, 1, 'npm ci ran once')
})

/** `text` with `instruction`'s lines replaced by `replacement` (nothing: removed). */
function replace (text: string, instruction: Instruction | undefined, replacement: string | null, what: string): string {
  if (instruction === undefined) throw new Error(`the Dockerfile has no ${what} to break: update this case`)
  const lines = text.split('\n')
  lines.splice(instruction.line - 1, instruction.endLine - instruction.line + 1, ...(replacement === null ? [] : [replacement]))
  return lines.join('\n')
}

const broken: Array<{ name: string, dockerfile: () => string, reason: RegExp }> = [
  {
    name: 'a COPY naming a file that does not exist',
    dockerfile: () => {
      // Into a COPY of several files to a folder (dest/), where one more file is allowed.
      const copy = of('COPY').find((i) => !flagsOf(i.args).flags.has('from') && !i.args.startsWith('[') && i.args.endsWith('/'))
      const words = shellWords(copy?.args ?? '')
      return replace(DOCKERFILE, copy, `COPY ${[...words.slice(0, -1), 'no-such-file.json', words.at(-1)].join(' ')}`, 'COPY from the context into a folder')
    },
    reason: /COPY .*: "no-such-file\.json" not found in the build context/
  },
  {
    name: 'a COPY of a folder .dockerignore leaves out (dist from the context, not from the build stage)',
    dockerfile: () => {
      const copy = of('COPY').find((i) => flagsOf(i.args).flags.has('from') && shellWords(flagsOf(i.args).rest)[0]?.endsWith('/dist'))
      return replace(DOCKERFILE, copy, `COPY dist ${shellWords(flagsOf(copy?.args ?? '').rest).at(-1)}`, 'COPY --from of dist')
    },
    reason: /COPY dist .*: "dist" not found in the build context \(missing, or excluded by \.dockerignore\)/
  },
  {
    name: 'no build step (npm run build removed)',
    dockerfile: () => {
      const run = stages.flatMap((stage) => stage.instructions).find((i) => i.keyword === 'RUN' && andList(i.args).includes('npm run build'))
      const rest = andList(run?.args ?? '').filter((part) => part !== 'npm run build')
      return replace(DOCKERFILE, run, rest.length === 0 ? null : `RUN ${rest.join(' && ')}`, '`npm run build` step')
    },
    reason: /COPY --from=\S+ (\S*\/dist) .*: \1 not found in stage \S+/
  },
  {
    name: 'an ENTRYPOINT naming a file that is not in the image',
    dockerfile: () => {
      const argv = entrypointArgv()
      const at = argv.findIndex((word) => /\.[cm]?js$/.test(word))
      if (at === -1) throw new Error('the ENTRYPOINT names no .js file to break: update this case')
      argv[at] = posix.join(posix.dirname(argv[at]!), 'no-such-entry.js')
      return withEntrypoint(argv)
    },
    reason: /ENTRYPOINT .*: exited before it listened \(exit code 1\)[\s\S]*Cannot find module '.*no-such-entry\.js'/
  },
  {
    // Proves the check runs the command as PID 1: anywhere else, the kernel's default action would end it at once.
    name: 'a server that registers no SIGTERM handler, which PID 1 then ignores',
    dockerfile: () => withEntrypoint(nodeWith('process.on=()=>process')),
    reason: new RegExp(`STOPSIGNAL SIGTERM: still running ${STOP_WITHIN_MS} ms after it`)
  },
  {
    // Listens on 127.0.0.1, the default: its HEALTHCHECK passes, but nothing reaches it from outside.
    name: 'a server that ignores HOST',
    dockerfile: () => withEntrypoint(nodeWith('delete process.env.HOST')),
    reason: /docker run -p 8080:8080: GET http:\/\/172\.17\.0\.2:8080\/v2\/bookings\?limit=1: ECONNREFUSED\. The server does not answer on the container's address/
  }
]

/** The ENTRYPOINT's words (exec form). */
function entrypointArgv (): string[] {
  const argv = execForm(last('ENTRYPOINT')?.args ?? '')
  if (argv === null) throw new Error('the Dockerfile has no exec-form ENTRYPOINT: update these cases')
  return argv
}

/** The ENTRYPOINT's node command, with `code` run before its script (through --import). */
function nodeWith (code: string): string[] {
  const argv = entrypointArgv()
  if (argv[0] !== 'node') throw new Error('the ENTRYPOINT does not run node: update these cases')
  return ['node', '--import', `data:text/javascript,${code}`, ...argv.slice(1)]
}

function withEntrypoint (argv: string[]): string {
  return replace(DOCKERFILE, last('ENTRYPOINT'), `ENTRYPOINT ${JSON.stringify(argv)}`, 'ENTRYPOINT')
}

t.test('a broken Dockerfile fails the check, for its reason', { skip: cannotRun }, async (t) => {
  for (const { name, dockerfile, reason } of broken) {
    await t.test(name, async (t) => {
      const text = dockerfile()
      t.not(text, DOCKERFILE, 'the copy differs from the Dockerfile')
      const started = Date.now()
      const error: unknown = await checkImage(text, options(t)).then(() => null, (e: unknown) => e)
      t.comment(`failed in ${((Date.now() - started) / 1000).toFixed(1)} s with: ${String(error).split('\n')[0]}`)
      t.type(error, CheckFailure, 'the check fails')
      t.match(String((error as Error | null)?.message), reason, 'for that reason')
    })
  }
})
