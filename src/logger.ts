// The server's logger, made before anything else so that start-up (generating a
// dataset, building its indexes) logs through it: JSON lines, or pino-pretty's
// colored ones for a person at a terminal.

import { pino, type Logger } from 'pino'
import type { Config } from './config.ts'

/** Is pino-pretty installed? It is an optional dependency: the Docker image leaves it out. */
function prettyInstalled (): boolean {
  try {
    import.meta.resolve('pino-pretty')
    return true
  } catch {
    return false
  }
}

/** The logger `config` asks for; JSON, saying why, when pretty is asked for and pino-pretty is not installed. */
export function createLogger (config: Pick<Config, 'logLevel' | 'logFormat'>, hasPretty = prettyInstalled()): Logger {
  if (config.logFormat === 'json' || !hasPretty) {
    const logger = pino({ level: config.logLevel })
    if (config.logFormat === 'pretty') logger.warn('LOG_FORMAT is pretty, but pino-pretty (an optional dependency) is not installed: logging JSON lines')
    return logger
  }
  return pino({
    level: config.logLevel,
    transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname,reqId,method,url,statusCode,responseTime,error' } }
  })
}
