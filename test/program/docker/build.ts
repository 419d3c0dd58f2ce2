// Repeats a Dockerfile's build on this machine for the Dockerfile check: each stage
// gets a clean folder standing for its image's `/`, COPY copies what it names from
// the context (honouring .dockerignore) or from an earlier stage, and RUN runs its
// commands there with the image's absolute paths moved under that folder. This
// machine's tools stand in for the base image's; `apt-get install` only checks that
// each package is installed here.

import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join, posix } from 'node:path'
import { copy } from './copy.ts'
import { asUser, CheckFailure, hostPath, mapPaths, shell, userIds, withEnv, type BuildOptions, type BuiltStage, type Healthcheck } from './image.ts'
import {
  andList, commandOf, dockerignore, durationMs, envPairs, execForm, flagsOf,
  parseDockerfile, shellWords, substitute, type Ignore, type Stage
} from './parse.ts'

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
    ? { index: stage.index, name: stage.name, image: stage.image, root, workdir: '/', env: {}, user: null, volumes: [], expose: [], healthcheck: null, entrypoint: null, cmd: null, stopSignal: 'SIGTERM', instructions: [] }
    : { ...structuredClone({ ...parent, instructions: [] }), index: stage.index, name: stage.name, root }
  if (parent !== undefined) shell(`cp -a '${parent.root}/.' '${root}/'`)
  out.instructions = stage.instructions
  let cmdSet = false
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
        cmdSet = true
        break
      case 'ENTRYPOINT':
        out.entrypoint = commandOf(args)
        // As the builder does: a new ENTRYPOINT drops a CMD inherited from the parent image.
        if (!cmdSet) out.cmd = null
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

/**
 * The environment a RUN sees: this machine's tools, network and npm settings (the
 * headers node-gyp builds against, and the global npmrc of the machine's own npm
 * when another Node runs it), then the stage's ENV.
 */
function runEnv (stage: BuiltStage): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' }
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'NODE_EXTRA_CA_CERTS', 'npm_config_nodedir', 'npm_config_globalconfig']) {
    if (process.env[name] !== undefined) env[name] = process.env[name]
  }
  return { ...env, ...stage.env }
}

async function run (stage: BuiltStage, args: string, step: string, options: BuildOptions): Promise<void> {
  const exec = execForm(args)
  const script = exec !== null
    ? exec.map((word) => `'${mapPaths(word, stage.root).replace(/'/g, "'\\''")}'`).join(' ')
    : andList(args).map((part) => translate(stage, part, step, options)).join(' && ')
  const argv = [...asUser(stage.user), 'sh', '-c', `umask 022\n${script}`]
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
