// Reads a Dockerfile and a .dockerignore the way the Docker builder does, for the
// Dockerfile check (test/program/dockerfile.test.ts). Only the instructions this project's
// Dockerfile can use are understood; any other one is an error, so that a new
// instruction makes the check fail instead of being skipped in silence.

export interface Instruction {
  keyword: string
  /** Everything after the keyword, continuation lines joined. */
  args: string
  /** 1-based lines of the Dockerfile the instruction spans. */
  line: number
  endLine: number
}

export interface Stage {
  index: number
  name: string | null
  image: string
  instructions: Instruction[]
}

const KNOWN = new Set(['FROM', 'RUN', 'COPY', 'WORKDIR', 'ENV', 'USER', 'VOLUME', 'EXPOSE', 'HEALTHCHECK', 'CMD', 'ENTRYPOINT', 'STOPSIGNAL', 'LABEL'])

/** The stages of `text`, each with its instructions in order. */
export function parseDockerfile (text: string): Stage[] {
  const stages: Stage[] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i]!.trim()
    if (first === '' || first.startsWith('#')) continue
    const start = i
    let joined = lines[i]!.trimEnd()
    // A trailing backslash continues the instruction; comment lines inside it are dropped.
    while (joined.endsWith('\\') && i + 1 < lines.length) {
      joined = joined.slice(0, -1)
      i++
      const next = lines[i]!.trim()
      if (!next.startsWith('#')) joined += ' ' + next
    }
    const match = /^(\S+)\s*(.*)$/s.exec(joined.trim())!
    const keyword = match[1]!.toUpperCase()
    const instruction = { keyword, args: match[2]!.trim(), line: start + 1, endLine: i + 1 }
    if (!KNOWN.has(keyword)) throw new Error(`Dockerfile line ${start + 1}: the check does not model ${keyword}; teach test/dockerfile-*.ts`)
    if (keyword === 'FROM') {
      const from = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args)
      if (from === null) throw new Error(`Dockerfile line ${start + 1}: cannot read FROM ${instruction.args}`)
      stages.push({ index: stages.length, name: from[2] ?? null, image: from[1]!, instructions: [] })
    } else if (stages.length === 0) {
      throw new Error(`Dockerfile line ${start + 1}: ${keyword} before FROM`)
    } else {
      stages.at(-1)!.instructions.push(instruction)
    }
  }
  if (stages.length === 0) throw new Error('the Dockerfile has no FROM')
  return stages
}

/** Exec form (`["a", "b"]`) as its array, or null for shell form. */
export function execForm (args: string): string[] | null {
  if (!args.startsWith('[')) return null
  try {
    const parsed: unknown = JSON.parse(args)
    if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) return parsed
  } catch {}
  return null
}

/** A command as the container runs it: exec form as is, shell form through /bin/sh -c. */
export function commandOf (args: string): { argv: string[], shell: boolean } {
  const exec = execForm(args)
  return exec === null ? { argv: ['/bin/sh', '-c', args], shell: true } : { argv: exec, shell: false }
}

/** Leading `--name=value` flags, and the rest. */
export function flagsOf (args: string): { flags: Map<string, string>, rest: string } {
  const flags = new Map<string, string>()
  let rest = args
  for (let match = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest); match !== null; match = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest)) {
    flags.set(match[1]!, match[2] ?? '')
    rest = rest.slice(match[0].length)
  }
  return { flags, rest }
}

/** Splits shell text into words, honouring quotes and backslashes (no expansion). */
export function shellWords (text: string): string[] {
  const words: string[] = []
  let word: string | null = null
  let quote: string | null = null
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quote !== null) {
      if (c === quote) quote = null
      else if (c === '\\' && quote === '"' && i + 1 < text.length) word += text[++i]!
      else word += c
    } else if (c === '"' || c === "'") {
      quote = c
      word ??= ''
    } else if (c === '\\' && i + 1 < text.length) {
      word = (word ?? '') + text[++i]!
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word)
      word = null
    } else {
      word = (word ?? '') + c
    }
  }
  if (word !== null) words.push(word)
  return words
}

/** Splits a shell command at its top-level `&&`, keeping each part's text as written. */
export function andList (text: string): string[] {
  const parts: string[] = []
  let quote: string | null = null
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quote !== null) {
      if (c === quote) quote = null
    } else if (c === '"' || c === "'") {
      quote = c
    } else if (c === '\\') {
      i++
    } else if (c === '&' && text[i + 1] === '&') {
      parts.push(text.slice(start, i).trim())
      start = i + 2
      i++
    }
  }
  parts.push(text.slice(start).trim())
  return parts
}

/** ENV's pairs, in both `A=1 B=2` and the old `A 1` form. */
export function envPairs (args: string): Array<[string, string]> {
  const words = shellWords(args)
  if (words.length > 0 && !words[0]!.includes('=')) return [[words[0]!, words.slice(1).join(' ')]]
  return words.map((word) => {
    const at = word.indexOf('=')
    if (at <= 0) throw new Error(`ENV ${args}: '${word}' is not NAME=value`)
    return [word.slice(0, at), word.slice(at + 1)]
  })
}

/** `$NAME` and `${NAME}` replaced from `env`, as the builder does in most instructions. */
export function substitute (text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_all, braced?: string, bare?: string) => env[braced ?? bare ?? ''] ?? '')
}

/** Go durations as Docker writes them (`30s`, `1m30s`, `500ms`), in milliseconds. */
export function durationMs (text: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }
  let total = 0
  const rest = text.replace(/(\d+(?:\.\d+)?)(ms|s|m|h)/g, (_all, value: string, unit: string) => {
    total += Number(value) * units[unit]!
    return ''
  })
  if (rest !== '' || text === '') throw new Error(`not a duration: '${text}'`)
  return total
}

/** Is this context path (relative, with `/`) excluded? `exceptions`: are there `!` patterns? */
export type Ignore = ((path: string) => boolean) & { exceptions: boolean }

/**
 * The paths .dockerignore excludes: the last pattern matching the path or one of its
 * parent folders wins, and `!` patterns bring paths back.
 */
export function dockerignore (text: string): Ignore {
  const rules = text.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#')).map((line) => {
    const include = line.startsWith('!')
    const pattern = (include ? line.slice(1).trim() : line).replace(/^\/+/, '').replace(/\/+$/, '')
    return { include, regex: globRegex(pattern) }
  })
  const ignored = (path: string) => {
    const candidates = path.split('/').map((_part, i, parts) => parts.slice(0, i + 1).join('/'))
    let excluded = false
    for (const rule of rules) {
      if (candidates.some((candidate) => rule.regex.test(candidate))) excluded = !rule.include
    }
    return excluded
  }
  return Object.assign(ignored, { exceptions: rules.some((rule) => rule.include) })
}

/** A Go filepath.Match pattern, with Docker's `**`, as an anchored regular expression. */
export function globRegex (pattern: string): RegExp {
  let source = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!
    if (c === '*' && pattern[i + 1] === '*') {
      i++
      if (pattern[i + 1] === '/') { i++; source += '(?:.*/)?' } else source += '.*'
    } else if (c === '*') source += '[^/]*'
    else if (c === '?') source += '[^/]'
    else if (c === '[') {
      const end = pattern.indexOf(']', i)
      if (end === -1) { source += '\\['; continue }
      source += pattern.slice(i, end + 1)
      i = end
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&')
  }
  return new RegExp(`^${source}$`)
}
