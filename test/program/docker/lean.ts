// What the runtime stage adds to its base image, and whether it holds only what
// runs. The check's folder for a stage holds exactly what the stage's COPY and RUN
// instructions put there, so its size is what the stage adds to the base image.

import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { hostPath, type BuiltStage } from './image.ts'

/** The most the runtime stage may add to its base image (issue 17: 45 MB). */
export const MAX_ADDED_BYTES = 45_000_000

/** Bytes, as Docker counts a layer's files (their sizes, not the disk blocks they take). */
function bytes (path: string): number {
  const du = spawnSync('du', ['-sb', path], { encoding: 'utf8' })
  if (du.status !== 0) throw new Error(`du -sb ${path}: ${du.stderr}`)
  return Number(du.stdout.split('\t')[0])
}

/** What the stage adds in all, and each entry of its WORKDIR, largest first. */
export function addedBytes (stage: BuiltStage): { total: number, parts: Array<[string, number]> } {
  const workdir = hostPath(stage, '.')
  const parts = readdirSync(workdir).map((name): [string, number] => [name, bytes(join(workdir, name))]).sort((a, b) => b[1] - a[1])
  return { total: bytes(stage.root), parts }
}

// Build tools, and what a dependency ships that never runs here.
const NEVER_RUN = ['node_modules/tsx', 'node_modules/esbuild', 'node_modules/typescript', 'node_modules/node-gyp',
  'node_modules/better-sqlite3/deps', 'node_modules/better-sqlite3/src', 'node_modules/better-sqlite3/build']

/**
 * What the runtime stage's node_modules holds that never runs in it; nothing, for a
 * lean image. `lockfile` is the package-lock.json it was installed from: a package
 * it marks dev or optional (devDependencies, pino-pretty, and what only they need)
 * has no place there.
 */
export function leftovers (stage: BuiltStage, lockfile: string): string[] {
  const modules = hostPath(stage, 'node_modules')
  const lock = JSON.parse(readFileSync(lockfile, 'utf8')) as { packages: Record<string, { dev?: boolean, optional?: boolean, devOptional?: boolean }> }
  const notForRuntime = Object.entries(lock.packages).filter(([, entry]) => entry.dev === true || entry.optional === true || entry.devOptional === true).map(([path]) => path)
  const found = [...NEVER_RUN, ...notForRuntime].filter((path) => existsSync(hostPath(stage, path)))
  // One native addon runs: better-sqlite3's, for this platform.
  const addons = (readdirSync(modules, { recursive: true }) as string[]).filter((path) => path.endsWith('.node'))
  if (addons.length !== 1) found.push(...addons.map((path) => relative(hostPath(stage, '.'), join(modules, path))))
  return found
}
