// Runs a built runtime stage the way `docker run` would, for the Dockerfile check: in
// a network namespace of its own with an eth0 (where a published port leads), its
// command as PID 1 of a new PID namespace (so its stop signal reaches it as it reaches
// a container's first process), as the image's USER, in its WORKDIR, with its ENV as
// written. Its HEALTHCHECK and the requests a client would make run inside that network.

import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { argvOf, asUser, CheckFailure, containerCommand, hostPath, withEnv, type BuiltStage } from './image.ts'

/** The container's address: the one Docker's default bridge gives its first container. */
export const CONTAINER_ADDRESS = '172.17.0.2'

/** How long the server may take to stop after its stop signal ("a few seconds"; Docker waits 10). */
export const STOP_WITHIN_MS = 5000

export interface Container {
  /** The command's process, seen from here; PID 1 inside its namespace. */
  pid: number
  /** The command as it ran, for messages. */
  step: string
  /** The network namespace it runs in, for nsenter. */
  net: string
  stdout: string[]
  stderr: () => string
  closed: Promise<{ code: number | null, signal: NodeJS.Signals | null }>
  /** Kills what still runs (as `docker rm -f`) and ends the network namespace. */
  remove: () => void
}

export interface Answer { url: string, status?: number, type?: string | null, body?: string, error?: string }

const running = new Set<ChildProcess>()

/** Kills whatever a failed check left running: commands and the holders of their networks. */
export function killLeftovers (): void {
  for (const child of running) kill(child)
}

/**
 * SIGKILLs `child` and its children first: a container's PID 1, whose death ends its
 * whole PID namespace. unshare's --kill-child does not reach it, since setpriv's change
 * of user clears the parent-death signal.
 */
function kill (child: ChildProcess): void {
  try {
    for (const pid of readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) process.kill(Number(pid), 'SIGKILL')
  } catch {}
  child.kill('SIGKILL')
}

function track (child: ChildProcess): ChildProcess {
  running.add(child)
  child.on('close', () => running.delete(child))
  return child
}

// Loopback, and an eth0 with the container's address: one end of a veth pair whose
// other end stays inside too. A sleeping process holds the namespace, so that it
// outlives the server and the HEALTHCHECK can be seen to fail once the server stops.
const NETWORK = 'ip link set lo up && ip link add eth0 type veth peer name peer0 && ip link set peer0 up && ' +
  `ip addr add ${CONTAINER_ADDRESS}/16 dev eth0 && ip link set eth0 up`

async function network (): Promise<ChildProcess> {
  const holder = track(spawn('unshare', ['--net', 'sh', '-c', `${NETWORK} && echo ready && exec sleep 86400`], { stdio: ['ignore', 'pipe', 'pipe'] }))
  let said = ''
  holder.stderr!.on('data', (chunk: Buffer) => { said += chunk.toString() })
  await new Promise<void>((resolve, reject) => {
    holder.stdout!.on('data', (chunk: Buffer) => { if (chunk.toString().includes('ready')) resolve() })
    holder.on('close', (code) => reject(new CheckFailure('docker run', `could not make the container's network (exit code ${code}): ${said}`)))
  })
  return holder
}

/** Is something listening on `port` (any address) in the network namespace `holder` is in? */
function listening (holder: number, port: number): boolean {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`
  return ['tcp', 'tcp6'].some((file) => readFileSync(`/proc/${holder}/net/${file}`, 'utf8').split('\n').slice(1).some((line) => {
    const [, local, , state] = line.trim().split(/\s+/)
    return local?.endsWith(hex) === true && state === '0A'
  }))
}

/** Starts `docker run IMAGE ...args` and waits until something listens on `port`, the published one. */
export async function startContainer (stage: BuiltStage, env: Record<string, string>, args: string[], port: number, readyWithinMs: number): Promise<Container> {
  const command = containerCommand(stage, args)
  if (command === null) throw new CheckFailure('CMD', 'the runtime stage has no ENTRYPOINT or CMD')
  const step = `${stage.entrypoint === null ? 'CMD' : 'ENTRYPOINT'} ${JSON.stringify(command.argv)}`
  const holder = await network()
  const net = `/proc/${holder.pid}/ns/net`
  const argv = ['nsenter', `--net=${net}`, '--', 'unshare', '--pid', '--fork', '--kill-child', ...asUser(stage.user), ...argvOf(stage, command)]
  const child = track(spawn(...withEnv(argv, env), { cwd: hostPath(stage, '.'), stdio: ['ignore', 'pipe', 'pipe'] }))
  const stdout: string[] = []
  let partial = ''
  let stderr = ''
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n')
    partial = lines.pop()!
    stdout.push(...lines)
  })
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  let exited = false
  const closed = new Promise<{ code: number | null, signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => {
    exited = true
    if (partial !== '') stdout.push(partial)
    resolve({ code, signal })
  }))
  const remove = () => {
    kill(child)
    holder.kill('SIGKILL')
  }
  const failed = async (reason: string): Promise<never> => {
    remove()
    const { code } = await closed
    const said = stderr.split('\n').filter((line) => line.trim() !== '' && !/^\s+at /.test(line)).slice(0, 10).join('\n')
    throw new CheckFailure(step, `${reason} (exit code ${code})\n${said}`)
  }
  const deadline = Date.now() + readyWithinMs
  while (!listening(holder.pid!, port)) {
    if (exited) return await failed('exited before it listened')
    if (Date.now() > deadline) return await failed(`did not listen on port ${port} within ${readyWithinMs} ms`)
    await sleep(100)
  }
  // unshare forked the command: its one child, which the kernel calls PID 1 inside.
  const children = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/)
  const pid = Number(children[0])
  const nspid = /^NSpid:\s+(.*)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]?.trim().split(/\s+/).at(-1)
  if (children.length !== 1 || nspid !== '1') return await failed(`is not PID 1 of its namespace (NSpid ${nspid})`)
  return { pid, step, net, stdout, stderr: () => stderr, closed, remove }
}

/** Runs `argv` inside the container's network; its exit code (null on `timeoutMs`) and output. */
async function inside (container: Container, argv: string[], env: Record<string, string>, cwd: string, timeoutMs: number) {
  const child = track(spawn(...withEnv(['nsenter', `--net=${container.net}`, '--', ...argv], env), { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs }))
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])))
  return { code: signal === null ? code : null, stdout, stderr }
}

/** Runs the stage's HEALTHCHECK as Docker does, in the container; its exit code, or null on its timeout. */
export async function healthcheck (stage: BuiltStage, container: Container, env: Record<string, string>): Promise<{ code: number | null, output: string }> {
  if (stage.healthcheck === null) throw new CheckFailure('HEALTHCHECK', 'the runtime stage has none')
  const { code, stdout, stderr } = await inside(container, [...asUser(stage.user), ...argvOf(stage, stage.healthcheck)], env, hostPath(stage, '.'), stage.healthcheck.timeoutMs)
  return { code, output: stdout + stderr }
}

// Run by node in the container's network: fetches each [url, headers] and prints the answers.
const FETCH = `const answers = []
for (const [url, headers] of JSON.parse(process.argv[1])) {
  try {
    const res = await fetch(url, { headers })
    answers.push({ url, status: res.status, type: res.headers.get('content-type'), body: await res.text() })
  } catch (error) {
    answers.push({ url, error: String(error.cause?.code ?? error.message) })
  }
}
process.stdout.write(JSON.stringify(answers))`

/** GETs each of `requests` ([url, headers]) as a client reaching the container's address would. */
export async function fetchInside (container: Container, requests: Array<[string, Record<string, string>]>): Promise<Answer[]> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' }
  const { code, stdout, stderr } = await inside(container, [process.execPath, '--input-type=module', '-e', FETCH, JSON.stringify(requests)], env, '/', 30_000)
  if (code !== 0) throw new Error(`the requests inside the container's network failed (exit code ${code}): ${stderr}`)
  return JSON.parse(stdout) as Answer[]
}

/** Sends the stage's STOPSIGNAL as `docker stop` does and waits for the exit. */
export async function stopContainer (stage: BuiltStage, container: Container): Promise<{ code: number | null, ms: number }> {
  const started = Date.now()
  process.kill(container.pid, stage.stopSignal)
  const timer = setTimeout(() => process.kill(container.pid, 'SIGKILL'), STOP_WITHIN_MS)
  const { code } = await container.closed
  clearTimeout(timer)
  const ms = Date.now() - started
  if (ms >= STOP_WITHIN_MS) throw new CheckFailure(`STOPSIGNAL ${stage.stopSignal}`, `still running ${STOP_WITHIN_MS} ms after it, killed`)
  if (code !== 0) throw new CheckFailure(`STOPSIGNAL ${stage.stopSignal}`, `exit code ${code}, not 0\n${container.stderr()}`)
  return { code, ms }
}
