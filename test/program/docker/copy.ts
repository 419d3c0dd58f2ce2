// COPY for the Dockerfile check: copies what a COPY names from the build context,
// honouring .dockerignore, or from an earlier stage, into a stage's folder, following
// Docker's documented rules for sources, globs and destinations.

import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs'
import { dirname, join, posix } from 'node:path'
import { CheckFailure, hostPath, shell, userIds, type BuiltStage } from './image.ts'
import { execForm, flagsOf, globRegex, shellWords, substitute, type Ignore } from './parse.ts'

/** Runs one COPY instruction (`args`) into `stage`. */
export function copy (stage: BuiltStage, args: string, step: string, earlier: BuiltStage[], ignored: Ignore, context: string): void {
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
