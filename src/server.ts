// The only file that listens and exits: config → buildApp() → listen, and a
// graceful close on SIGTERM or SIGINT. Run directly, it reads the environment;
// the command line (cli.ts) calls serve() with flags applied.

import { constants } from 'node:os'
import { pathToFileURL } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.ts'
import { ConfigError, loadConfig, type Config } from './config.ts'
import { FixturesError } from './dataset/load.ts'
import { createLogger } from './logger.ts'
import { progressReporter } from './progress.ts'
import { listenError } from './startup-errors.ts'

/** Starts the server for `config` and keeps it running until SIGTERM or SIGINT. */
export async function serve (config: Config): Promise<void> {
  const started = performance.now()
  let app: FastifyInstance | null = null
  let closing = false
  const stop = (signal: 'SIGTERM' | 'SIGINT') => {
    // Not built yet: nothing to close. Exit as the signal's default action would (128 + its number).
    if (app === null) process.exit(128 + constants.signals[signal])
    if (closing) return
    closing = true
    app.log.info(`${signal}: closing`)
    app.close().then(() => process.exit(0), (error: unknown) => {
      app?.log.error({ err: error }, 'error while closing')
      process.exit(1)
    })
  }
  const handleSignals = () => {
    process.on('SIGTERM', () => stop('SIGTERM'))
    process.on('SIGINT', () => stop('SIGINT'))
  }
  // A container's first process (PID 1) ignores a signal it has no handler for, so it
  // needs them before start-up. Elsewhere the default action ends a start-up at once,
  // even in the middle of generating a dataset, where a handler would wait for it.
  const pid1 = process.pid === 1
  if (pid1) handleSignals()

  // The logger first: start-up's steps are log lines too, JSON ones in a container.
  // The bar only beside pretty lines, on a terminal.
  const logger = createLogger(config)
  const progress = progressReporter(process.stderr, 'Generating bookings', { log: (line) => logger.info(line), bar: config.logFormat === 'pretty' && process.stderr.isTTY })
  app = await buildApp(config, { logger, progress })
  const info = app.store.dataset.info()
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
  if (!pid1) handleSignals()
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
