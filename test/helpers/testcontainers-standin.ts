// Stands in for testcontainers where no Docker engine runs, for docs/recipes.md's
// Testcontainers recipe (test/program/recipes.test.ts): `GenericContainer('oncehub-mock')`
// starts the image's command line from this checkout, its exposed port published
// on a free port of 127.0.0.1, and waits as the real wait strategy given to it says.
// `Wait` is testcontainers' own.

import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Wait } from 'testcontainers'
import { freePort } from './doc-blocks.ts'

export { Wait }

/** What the recipe's wait strategy holds (testcontainers' HttpWaitStrategy, read as it reads itself). */
interface HttpWait { path: string, port: number, method: string, headers: Record<string, string>, predicates: Array<(response: Response) => Promise<boolean>> }

const BIN = fileURLToPath(new URL('../../src/bin.js', import.meta.url))
// The port the image listens on and EXPOSEs (its Dockerfile's), given by the test.
const IMAGE_PORT = Number(process.env.IMAGE_PORT)

export class GenericContainer {
  private readonly ports: number[] = []
  private strategy: HttpWait | undefined

  constructor (image: string) {
    if (image !== 'oncehub-mock') throw new Error(`no image ${image} here, only oncehub-mock`)
  }

  withExposedPorts (...ports: number[]): this {
    this.ports.push(...ports)
    return this
  }

  withWaitStrategy (strategy: unknown): this {
    this.strategy = strategy as HttpWait
    return this
  }

  async start (): Promise<{ getHost(): string, getMappedPort(port: number): number, stop(): Promise<void> }> {
    if (!this.ports.includes(IMAGE_PORT)) throw new Error(`the image listens on ${IMAGE_PORT}, which is not exposed (${this.ports.join(', ')})`)
    const wait = this.strategy
    if (wait?.path === undefined) throw new Error('no HTTP wait strategy: start() would return before the server listens')
    const mapped = await freePort()
    const child = spawn(process.execPath, [BIN], { env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(mapped), LOG_LEVEL: 'silent' }, stdio: 'ignore' })
    const ready = await waitFor(wait, wait.port === IMAGE_PORT ? mapped : undefined, child)
    if (!ready) {
      child.kill('SIGKILL')
      throw new Error(`URL ${wait.path} on port ${wait.port} not accessible after 60000ms`)
    }
    return {
      getHost: () => '127.0.0.1',
      getMappedPort: (port) => {
        if (!this.ports.includes(port)) throw new Error(`port ${port} is not exposed`)
        return mapped
      },
      stop: async () => { child.kill('SIGTERM') }
    }
  }
}

// As HttpWaitStrategy does: the method, path and headers given, until every predicate
// holds (by default, a 2xx answer). A port the container does not listen on never answers.
async function waitFor (wait: HttpWait, port: number | undefined, child: ChildProcess): Promise<boolean> {
  for (let tries = 0; tries < 600 && child.exitCode === null; tries++) {
    if (port !== undefined) {
      const response = await fetch(`http://127.0.0.1:${port}${wait.path}`, { method: wait.method, headers: wait.headers }).catch(() => undefined)
      if (response !== undefined) {
        const passes = wait.predicates.length === 0 ? response.ok : (await Promise.all(wait.predicates.map(async (predicate) => await predicate(response.clone())))).every(Boolean)
        if (passes) return true
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return false
}
