// The only file that listens and exits: config → buildApp() → listen, and a
// graceful close on SIGTERM or SIGINT. Run directly, it reads the environment;
// the command line (cli.ts) calls serve() with flags applied.

import { pathToFileURL } from 'node:url'
import { buildApp } from './app.ts'
import { ConfigError, loadConfig, type Config } from './config.ts'
import { FixturesError } from './fixtures/load.ts'
import { progressReporter } from './progress.ts'
import { listenError } from './startup-errors.ts'

/** Starts the server for `config` and keeps it running until SIGTERM or SIGINT. */
export async function serve (config: Config): Promise<void> {
  const started = performance.now()
  const app = await buildApp(config, { progress: progressReporter(process.stderr, 'Generating bookings') })
  const info = app.store.info()
  let address: string
  try {
    address = await app.listen({ port: config.port, host: config.host })
  } catch (error) {
    await app.close()
    throw listenError(error, config.host, config.port)
  }
  const url = address.replace('127.0.0.1', 'localhost')
  app.log.info(`oncehub-mock on ${url}/v2 (docs: ${url}/docs): ${info.bookings} bookings, seed ${info.seed}, ` +
    (config.apiKeys ? `${config.apiKeys.size} API key(s) enforced` : 'any non-empty API key accepted') +
    `; ready in ${Math.round(performance.now() - started)} ms`)

  let closing = false
  const close = (signal: string) => {
    if (closing) return
    closing = true
    app.log.info(`${signal}: closing`)
    app.close().then(() => process.exit(0), (error: unknown) => {
      app.log.error({ err: error }, 'error while closing')
      process.exit(1)
    })
  }
  process.on('SIGTERM', () => close('SIGTERM'))
  process.on('SIGINT', () => close('SIGINT'))
}

/** Ends the process for an error met while starting: one line for the user's mistakes, the stack for ours. */
export function exitOnStartupError (error: unknown): never {
  const known = error instanceof ConfigError || error instanceof FixturesError
  console.error(`oncehub-mock: ${known ? (error as Error).message : (error as Error).stack ?? String(error)}`)
  process.exit(1)
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  Promise.resolve().then(async () => await serve(loadConfig(process.env, new Date(), process.stdout.isTTY))).catch(exitOnStartupError)
}
