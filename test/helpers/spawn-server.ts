// Starts oncehub-mock as its own process, as a user does (a Node, a bin, npx), with
// JSON logs on a free port, and hands back what it logged. Killed when the test ends.

import { spawn, type ChildProcess } from 'node:child_process'
import type { Test } from 'tap'

export interface Spawned {
  /** The server's base URL, from its start-up line. */
  url: string
  child: ChildProcess
  /** Everything it wrote, stdout then stderr. */
  stdout: () => string
  stderr: () => string
  /** Its exit code, once it has exited. */
  exited: Promise<number | null>
}

/** Runs `argv` (ending in the server's own flags) with `--port 0 --log-format json` added; resolves once it listens. */
export async function spawnServer (t: Test, argv: string[], options: { cwd: string, env?: NodeJS.ProcessEnv, timeoutMs?: number }): Promise<Spawned> {
  // Its own process group: npx's child goes with it.
  const child = spawn(argv[0]!, [...argv.slice(1), '--port', '0', '--log-format', 'json'], { cwd: options.cwd, env: options.env ?? { PATH: process.env.PATH, HOME: process.env.HOME }, detached: true })
  t.teardown(() => { try { process.kill(-child.pid!, 'SIGKILL') } catch {} })
  let stdout = ''
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up line after ${options.timeoutMs ?? 60_000} ms: ${stdout}${stderr}`)), options.timeoutMs ?? 60_000)
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const match = /"msg":"oncehub-mock on (http:\/\/\S+)\/v2 /.exec(stdout)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    })
    exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`exited ${code} before it listened: ${stdout}${stderr}`))
    }, reject)
  })
  return { url, child, stdout: () => stdout, stderr: () => stderr, exited }
}
