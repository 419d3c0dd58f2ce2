// Stopping the server while it starts (src/server.ts): as a container's PID 1, which
// ignores a signal it has no handler for, and as an ordinary process, where the
// default action ends a start-up at once. A large generated dataset makes the
// start-up long enough to signal it.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { withEnv } from './docker/image.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const BIN = join(ROOT, 'src/bin.js')
// A clean environment, through `env -i`: tap's child_process wrapper would add its hooks
// (NODE_OPTIONS), whose signal handlers would stand in for the default actions tested here.
const ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/', PORT: '0', LOG_FORMAT: 'json' }
// Bounds that only a hang reaches: the work they wait for takes seconds. The file's own
// timeout is longer, so that a hang ends in a failure and a killed child, not a leftover.
const EXIT_WITHIN_MS = 120_000
t.setTimeout(300_000)

const cannotUnshare = process.platform !== 'linux'
  ? 'needs Linux'
  : process.getuid?.() !== 0
    ? 'needs root, for a PID namespace'
    : spawnSync('unshare', ['--pid', '--fork', 'true']).status !== 0 ? 'needs unshare --pid' : false

/** Collects a child's output and resolves when it has exited (SIGKILL after `EXIT_WITHIN_MS`). */
function watch (child: ChildProcess) {
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_WITHIN_MS)
  const exited = new Promise<{ code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string }>((resolve) => {
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stdout, stderr }) })
  })
  return { exited, isRunning: () => child.exitCode === null && child.signalCode === null }
}

t.test('as PID 1, SIGTERM during start-up ends it before it listens, with code 143', { skip: cannotUnshare }, async (t) => {
  const child = spawn(...withEnv(['unshare', '--pid', '--fork', '--kill-child', process.execPath, BIN], { ...ENV, ONCEHUB_MOCK_BOOKINGS: '20000' }), {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe']
  })
  const { exited, isRunning } = watch(child)
  // PID 1 drops a signal that comes before its handler, so keep sending until one is handled;
  // a server that handled none until it listened would log its start-up line first.
  let sent = 0
  while (isRunning()) {
    const pid1 = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim()
    if (pid1 !== '') {
      try {
        process.kill(Number(pid1), 'SIGTERM')
        sent++
      } catch {}
    }
    await sleep(100)
  }
  const { code, signal, stdout, stderr } = await exited
  t.ok(sent > 0, `sent SIGTERM ${sent} times`)
  t.equal(signal, null, 'not killed by the test')
  t.equal(code, 143, `exit code 143, as SIGTERM's default action would give (stderr: ${stderr.trim()})`)
  t.notMatch(stdout, /oncehub-mock on http|Server listening/, 'never listened')
})

t.test('as an ordinary process, SIGINT (Ctrl-C) during start-up ends it by the default action, at once', async (t) => {
  // env execs node: the signal goes to node itself.
  const child = spawn(...withEnv([process.execPath, BIN], { ...ENV, ONCEHUB_MOCK_BOOKINGS: '1000000' }), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  const { exited } = watch(child)
  // Most likely into the generation, which takes minutes: a handler would make the signal wait
  // for its end, and would exit with a code, not by the signal.
  await sleep(3000)
  const sentAt = Date.now()
  child.kill('SIGINT')
  const { code, signal, stdout } = await exited
  t.equal(signal, 'SIGINT', `ended by the signal's default action (code ${code}), ${Date.now() - sentAt} ms after it`)
  t.notMatch(stdout, /oncehub-mock on http/, 'during start-up')
})
