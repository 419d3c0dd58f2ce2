// The only file that listens and exits: loadConfig() → buildApp() → listen, and a
// graceful close on SIGTERM or SIGINT.

import { buildApp } from './app.ts'
import { ConfigError, loadConfig } from './config.ts'
import { FixturesError } from './fixtures/load.ts'

async function main (): Promise<void> {
  const config = loadConfig(process.env)
  const app = await buildApp(config)
  const info = app.store.info()
  const address = await app.listen({ port: config.port, host: config.host })
  const url = address.replace('127.0.0.1', 'localhost')
  app.log.info(`oncehub-mock on ${url}/v2 (docs: ${url}/docs): ${info.bookings} bookings, seed ${info.seed}, ` +
    (config.apiKeys ? `${config.apiKeys.size} API key(s) enforced` : 'any non-empty API key accepted'))

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

main().catch((error: unknown) => {
  // A bad setting or fixtures file is the user's to fix: one line, no stack trace.
  const known = error instanceof ConfigError || error instanceof FixturesError || (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
  console.error(`oncehub-mock: ${known ? (error as Error).message : (error as Error).stack ?? String(error)}`)
  process.exit(1)
})
