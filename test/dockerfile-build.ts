// Repeats a Dockerfile's build on this machine for the Dockerfile check: each stage
// gets a clean folder standing for its image's `/`, COPY copies what it names from
// the context (honouring .dockerignore) or from an earlier stage, and RUN runs its
// commands there with the image's absolute paths moved under that folder. This
// machine's tools stand in for the base image's; `apt-get install` only checks that
// each package is installed here.

import { spawn, spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync } from 'node:fs'
import { dirname, join, posix } from 'node:path'
import {
  andList, commandOf, dockerignore, durationMs, envPairs, execForm, flagsOf, globRegex,
  parseDockerfile, shellWords, substitute, type Ignore, type Instruction, type Stage
} from './dockerfile-parse.ts'

/** The users of node:20-bookworm-slim's /etc/passwd that a Dockerfile may name. */
export const IMAGE_USERS: Readonly<Record<string, { uid: number, gid: number }>> = {
  root: { uid: 0, gid: 0 },
  node: { uid: 1000, gid: 1000 }
}

/** A step of the Dockerfile that would fail in a real build or container. */
export class CheckFailure extends Error {
  override name = 'CheckFailure'
  constructor (readonly step: string, reason: string) {
    super(`${step}: ${reason}`)
  }
}

export interface Command { argv: string[], shell: boolean }
export interface Healthcheck extends Command { intervalMs: number, timeoutMs: number, startPeriodMs: number, retries: number }

export interface BuiltStage {
  index: number
  name: string | null
  image: string
  /** The folder standing for this stage's `/`. */
  root: string
  workdir: string
  env: Record<string, string>
  user: string | null
  volumes: string[]
  expose: string[]
  healthcheck: Healthcheck | null
  cmd: Command | null
  stopSignal: NodeJS.Signals
  instructions: Instruction[]
}

export interface BuildOptions {
  /** The build context (the repository). */
  context: string
  /** A clean folder for this build's stages. */
  workRoot: string
  /** Stages built earlier in this test run, by the Dockerfile text up to their end (Docker's cache, in short). */
  cache?: Map<string, BuiltStage>
  /** node_modules left by each `npm ci` command already run, to link instead of running it again. */
  npmCi?: Map<string, string>
  log?: (line: string) => void
}

/** Where an image path of `stage` lives on this machine (relative paths start at its WORKDIR). */
export function hostPath (stage: Pick<BuiltStage, 'root' | 'workdir'>, path: string): string {
  return join(stage.root, posix.resolve(stage.workdir, path))
}

/** The numeric ids of a USER value (`name`, `uid` or `uid:gid`). */
export function userIds (user: string | null): { uid: number, gid: number } {
  const [name = 'root', group] = (user ?? 'root').split(':')
  const known = IMAGE_USERS[name]
  const uid = known?.uid ?? (/^\d+$/.test(name) ? Number(name) : NaN)
  const gid = group === undefined ? known?.gid ?? uid : IMAGE_USERS[group]?.gid ?? Number(group)
  if (Number.isNaN(uid) || Number.isNaN(gid)) throw new CheckFailure(`USER ${user}`, 'unknown to the check: add it to IMAGE_USERS')
  return { uid, gid }
}

/**
 * `argv` run with exactly `env`. tap's child_process wrapper adds NODE_OPTIONS (its
 * process-info hooks) to every child; `env -i` drops it before the image's commands start.
 */
export function withEnv (argv: string[], env: Record<string, string>): [string, string[]] {
  return ['env', ['-i', '--', ...Object.entries(env).map(([name, value]) => `${name}=${value}`), ...argv]]
}

/** Image paths in shell text moved under `root` (only words that start with `/`). */
export function mapPaths (text: string, root: string): string {
  return text.replace(/(^|[\s='"])(\/[^\s'";&|<>()`]*)/g, (_all, before: string, path: string) => before + join(root, path))
}

/** Builds every stage of `dockerfile` in order; throws CheckFailure at the first step that fails. */
export async function buildStages (dockerfile: string, options: BuildOptions): Promise<BuiltStage[]> {
  const lines = dockerfile.split('\n')
  const ignored = dockerignore(existsSync(join(options.context, '.dockerignore')) ? readFileSync(join(options.context, '.dockerignore'), 'utf8') : '')
  const built: BuiltStage[] = []
  for (const stage of parseDockerfile(dockerfile)) {
    const key = lines.slice(0, stage.instructions.at(-1)?.endLine ?? 0).join('\n') + `\n#${stage.index}`
    const cached = options.cache?.get(key)
    if (cached !== undefined) {
      options.log?.(`stage ${stage.name ?? stage.index}: unchanged, reused from the first build`)
      built.push(cached)
      continue
    }
    const result = await buildStage(stage, built, ignored, options)
    options.cache?.set(key, result)
    built.push(result)
  }
  return built
}

async function buildStage (stage: Stage, earlier: BuiltStage[], ignored: Ignore, options: BuildOptions): Promise<BuiltStage> {
  const root = join(options.workRoot, `stage-${stage.index}`)
  mkdirSync(root, { recursive: true, mode: 0o755 })
  const parent = earlier.find((other) => other.name === stage.image)
  const out: BuiltStage = parent === undefined
    ? { index: stage.index, name: stage.name, image: stage.image, root, workdir: '/', env: {}, user: null, volumes: [], expose: [], healthcheck: null, cmd: null, stopSignal: 'SIGTERM', instructions: [] }
    : { ...structuredClone({ ...parent, instructions: [] }), index: stage.index, name: stage.name, root }
  if (parent !== undefined) shell(`cp -a '${parent.root}/.' '${root}/'`)
  out.instructions = stage.instructions
  for (const instruction of stage.instructions) {
    const args = instruction.args
    const step = `line ${instruction.line}: ${instruction.keyword} ${args.length > 80 ? args.slice(0, 77) + '...' : args}`
    switch (instruction.keyword) {
      case 'WORKDIR':
        out.workdir = posix.resolve(out.workdir, substitute(args, out.env))
        mkdirSync(hostPath(out, '.'), { recursive: true })
        break
      case 'ENV':
        for (const [name, value] of envPairs(args)) out.env[name] = substitute(value, out.env)
        break
      case 'USER':
        out.user = substitute(args, out.env)
        userIds(out.user)
        break
      case 'VOLUME':
        for (const path of execForm(args) ?? shellWords(args)) {
          out.volumes.push(posix.resolve('/', substitute(path, out.env)))
          mkdirSync(hostPath(out, out.volumes.at(-1)!), { recursive: true })
        }
        break
      case 'EXPOSE':
        out.expose.push(...shellWords(substitute(args, out.env)))
        break
      case 'STOPSIGNAL':
        out.stopSignal = substitute(args, out.env) as NodeJS.Signals
        break
      case 'CMD':
        out.cmd = commandOf(args)
        break
      case 'HEALTHCHECK':
        out.healthcheck = healthcheckOf(args, step)
        break
      case 'LABEL':
        break
      case 'COPY':
        copy(out, args, step, earlier, ignored, options.context)
        break
      case 'RUN': {
        const started = Date.now()
        await run(out, args, step, options)
        options.log?.(`stage ${out.name ?? out.index}, ${step} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
        break
      }
    }
  }
  return out
}

function healthcheckOf (args: string, step: string): Healthcheck | null {
  if (args.trim().toUpperCase() === 'NONE') return null
  const { flags, rest } = flagsOf(args)
  const command = /^CMD\s+(.*)$/s.exec(rest)
  if (command === null) throw new CheckFailure(step, 'HEALTHCHECK needs CMD')
  const ms = (name: string, fallback: string) => durationMs(flags.get(name) ?? fallback)
  return { ...commandOf(command[1]!), intervalMs: ms('interval', '30s'), timeoutMs: ms('timeout', '30s'), startPeriodMs: ms('start-period', '0s'), retries: Number(flags.get('retries') ?? 3) }
}

function copy (stage: BuiltStage, args: string, step: string, earlier: BuiltStage[], ignored: Ignore, context: string): void {
  const { flags, rest } = flagsOf(args)
  for (const flag of flags.keys()) if (!['from', 'chown', 'chmod', 'link'].includes(flag)) throw new CheckFailure(step, `the check does not model COPY --${flag}`)
  const words = (execForm(rest) ?? shellWords(rest)).map((word) => substitute(word, stage.env))
  if (words.length < 2) throw new CheckFailure(step, 'COPY needs a source and a destination')
  const sources = words.slice(0, -1)
  const destination = words.at(-1)!
  const intoFolder = destination.endsWith('/')
  if (sources.length > 1 && !intoFolder) throw new CheckFailure(step, 'with more than one source, the destination must be a folder ending in /')
  const target = hostPath(stage, destination)
  const written: string[] = []
  const from = flags.get('from')
  for (const source of sources) {
    if (from !== undefined) {
      const origin = earlier.find((other) => other.name === from || String(other.index) === from)
      if (origin === undefined) throw new CheckFailure(step, `--from=${from} is not an earlier stage of this Dockerfile`)
      const path = posix.resolve('/', source)
      const host = join(origin.root, path)
      if (!existsSync(host)) throw new CheckFailure(step, `${path} not found in stage ${from}`)
      // Linked rather than copied (much faster for node_modules) unless --chown would change both.
      written.push(place(host, lstatSync(host).isDirectory(), target, intoFolder, !flags.has('chown')))
      continue
    }
    const matches = contextMatches(context, posix.normalize(source).replace(/^\/+/, '') || '.', ignored)
    if (matches.length === 0) throw new CheckFailure(step, `"${source}" not found in the build context (missing, or excluded by .dockerignore)`)
    if (matches.length > 1 && !intoFolder) throw new CheckFailure(step, `"${source}" matches several files: the destination must be a folder ending in /`)
    for (const { path, files } of matches) {
      if (files === null) {
        written.push(place(join(context, path), false, target, intoFolder))
      } else {
        mkdirSync(target, { recursive: true })
        for (const file of files) copyEntry(join(context, file), join(target, posix.relative(path, file)))
        written.push(target)
      }
    }
  }
  const chown = flags.get('chown')
  if (chown !== undefined) {
    const { uid, gid } = userIds(chown)
    for (const path of written) shell(`chown -R ${uid}:${gid} '${path}'`)
  }
  if (flags.get('chmod') !== undefined) for (const path of written) shell(`chmod -R ${flags.get('chmod')} '${path}'`)
}

/** The context paths a COPY source names: files (files null) or folders with their kept files. */
function contextMatches (context: string, source: string, ignored: Ignore): Array<{ path: string, files: string[] | null }> {
  let candidates = [source]
  if (/[*?[]/.test(posix.basename(source))) {
    const folder = posix.dirname(source)
    const pattern = globRegex(posix.basename(source))
    candidates = existsSync(join(context, folder)) ? readdirSync(join(context, folder)).filter((name) => pattern.test(name)).map((name) => posix.join(folder, name)) : []
  }
  const out: Array<{ path: string, files: string[] | null }> = []
  for (const path of candidates) {
    const host = join(context, path)
    if (!existsSync(host)) continue
    if (!lstatSync(host).isDirectory()) {
      if (!ignored(path)) out.push({ path, files: null })
      continue
    }
    const files = walk(context, path, ignored)
    if (files.length > 0 || !ignored(path)) out.push({ path, files })
  }
  return out
}

function walk (context: string, folder: string, ignored: Ignore): string[] {
  const files: string[] = []
  for (const entry of readdirSync(join(context, folder), { withFileTypes: true })) {
    const path = folder === '.' ? entry.name : `${folder}/${entry.name}`
    // An excluded folder is skipped whole unless a `!` pattern may bring something in it back.
    if (entry.isDirectory()) {
      if (!ignored(path) || ignored.exceptions) files.push(...walk(context, path, ignored))
    } else if (!ignored(path)) files.push(path)
  }
  return files
}

/** Copies a file or a folder's contents as COPY does; returns the path written. */
function place (host: string, isFolder: boolean, target: string, intoFolder: boolean, link = false): string {
  const cp = link ? 'cp -al' : 'cp -a'
  if (isFolder) {
    mkdirSync(target, { recursive: true })
    shell(`${cp} '${host}/.' '${target}/'`)
    return target
  }
  const file = intoFolder || (existsSync(target) && lstatSync(target).isDirectory()) ? join(target, posix.basename(host)) : target
  mkdirSync(dirname(file), { recursive: true })
  shell(`${cp} '${host}' '${file}'`)
  return file
}

function copyEntry (from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true })
  if (lstatSync(from).isSymbolicLink()) symlinkSync(readlinkSync(from), to)
  else copyFileSync(from, to)
}

function shell (script: string): void {
  const result = spawnSync('sh', ['-c', script], { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`${script}: ${result.stderr}`)
}

/** The environment a RUN sees: this machine's tools and npm settings, then the stage's ENV. */
function runEnv (stage: BuiltStage): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' }
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy']) {
    if (process.env[name] !== undefined) env[name] = process.env[name]
  }
  return { ...env, ...stage.env }
}

async function run (stage: BuiltStage, args: string, step: string, options: BuildOptions): Promise<void> {
  const exec = execForm(args)
  const script = exec !== null
    ? exec.map((word) => `'${mapPaths(word, stage.root).replace(/'/g, "'\\''")}'`).join(' ')
    : andList(args).map((part) => translate(stage, part, step, options)).join(' && ')
  const { uid, gid } = userIds(stage.user)
  const argv = ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--', 'sh', '-c', `umask 022\n${script}`]
  const child = spawn(...withEnv(argv, runEnv(stage)), { cwd: hostPath(stage, '.'), stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => { output = (output + chunk.toString()).slice(-4000) })
  child.stderr.on('data', (chunk: Buffer) => { output = (output + chunk.toString()).slice(-4000) })
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  if (code !== 0) throw new CheckFailure(step, `exited with code ${code}\n${output.trim().split('\n').slice(-15).join('\n')}`)
}

/** One `&&` part of a RUN, as it runs here. */
function translate (stage: BuiltStage, part: string, step: string, options: BuildOptions): string {
  const words = shellWords(part)
  if (words[0] === 'apt-get') {
    const verb = words.slice(1).find((word) => !word.startsWith('-'))
    if (verb === 'update') return 'true'
    if (verb !== 'install') throw new CheckFailure(step, `the check does not model apt-get ${verb}`)
    for (const name of words.slice(words.indexOf('install') + 1).filter((word) => !word.startsWith('-'))) {
      const status = spawnSync('dpkg', ['-s', name], { encoding: 'utf8' })
      if (status.status !== 0 || !/^Status: install ok installed$/m.test(status.stdout)) {
        throw new CheckFailure(step, `apt package ${name} is not installed on this machine, so the check cannot stand in for it`)
      }
    }
    options.log?.(`stage ${stage.name ?? stage.index}: apt-get install checked with dpkg -s`)
    return 'true'
  }
  let text = mapPaths(part, stage.root)
  if (words[0] === 'chown') {
    const owner = words.slice(1).find((word) => !word.startsWith('-'))!
    const { uid, gid } = userIds(owner.includes(':') ? owner : `${owner}:${owner}`)
    text = text.replace(/(chown\s+(?:-\S+\s+)*)\S+/, `$1${uid}:${gid}`)
  }
  if (words[0] === 'npm' && words[1] === 'ci' && options.npmCi !== undefined) {
    const saved = options.npmCi.get(part)
    // Link the first run's result instead of installing again; .package-lock.json is rewritten in place by npm, so it gets a real copy.
    const restore = (from: string, to: string) => `rm -rf '${to}' && cp -al '${from}' '${to}' && rm -f '${to}/.package-lock.json' && cp '${from}/.package-lock.json' '${to}/'`
    if (saved !== undefined) return `{ [ -d '${saved}' ] && ${restore(saved, 'node_modules')}; } || ${text}`
    const snapshot = join(options.workRoot, `npm-ci-${options.npmCi.size}`)
    options.npmCi.set(part, snapshot)
    return `${text} && ${restore('node_modules', snapshot)}`
  }
  return text
}
