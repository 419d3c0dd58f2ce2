// What the Dockerfile check knows of an image: a built stage (its folder standing for
// the image's `/`, and the settings its instructions left), the users it may run as,
// and how the image's paths and commands map onto this machine.

import { spawnSync } from 'node:child_process'
import { join, posix } from 'node:path'
import type { Instruction } from './parse.ts'

/** The users of node:24-bookworm-slim's /etc/passwd that a Dockerfile may name. */
export const IMAGE_USERS: Readonly<Record<string, { uid: number, gid: number }>> = {
  root: { uid: 0, gid: 0 },
  node: { uid: 1000, gid: 1000 }
}

/** A step of the Dockerfile that would fail in a real build or container. */
export class CheckFailure extends Error {
  override name = 'CheckFailure'
  readonly step: string

  constructor (step: string, reason: string) {
    super(`${step}: ${reason}`)
    this.step = step
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
  entrypoint: Command | null
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

/** The words that run what follows as `user`, with no supplementary groups. */
export function asUser (user: string | null): string[] {
  const { uid, gid } = userIds(user)
  return ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--']
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

/** A command's argv with the image's absolute paths moved under the stage's folder. */
export function argvOf (stage: BuiltStage, command: Command): string[] {
  if (command.shell) return [command.argv[0]!, command.argv[1]!, mapPaths(command.argv[2]!, stage.root)]
  return command.argv.map((word, i) => i > 0 && word.startsWith('/') ? hostPath(stage, word) : word)
}

/**
 * What `docker run IMAGE [args]` starts: an exec-form ENTRYPOINT followed by the
 * run's arguments, or else by CMD; a shell-form ENTRYPOINT alone; with no
 * ENTRYPOINT, the arguments, or else CMD.
 */
export function containerCommand (stage: BuiltStage, args: string[] = []): Command | null {
  const rest = args.length > 0 ? args : stage.cmd?.argv ?? []
  if (stage.entrypoint?.shell === true) return stage.entrypoint
  if (stage.entrypoint !== null) return { argv: [...stage.entrypoint.argv, ...rest], shell: false }
  if (args.length > 0) return { argv: args, shell: false }
  return stage.cmd
}

/** Runs shell text here; throws with its stderr when it fails. */
export function shell (script: string): void {
  const result = spawnSync('sh', ['-c', script], { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`${script}: ${result.stderr}`)
}
