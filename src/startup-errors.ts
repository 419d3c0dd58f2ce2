// Failures at start-up that come from a setting rather than from the code: a
// database file that cannot be opened, an address that cannot be listened on.
// Each becomes a one-line ConfigError naming the variable, as bad values do.

import { statSync } from 'node:fs'
import { ConfigError } from './config.ts'

/** The ConfigError for ONCEHUB_MOCK_DB when SQLite cannot open `path`; other errors as they are. */
export function storeOpenError (path: string, error: unknown): unknown {
  const reason = storeOpenReason(path, error as Error & { code?: string })
  return reason === undefined ? error : new ConfigError(`ONCEHUB_MOCK_DB: cannot open '${path}': ${reason}`)
}

/**
 * The ConfigError for TMPDIR when the database of a server without ONCEHUB_MOCK_DB
 * (a file of its own in the temporary folder) cannot be made there.
 */
export function temporaryStoreError (folder: string, error: unknown): unknown {
  const reason = storeOpenReason(folder, error as Error & { code?: string })
  return reason === undefined ? error : new ConfigError(`TMPDIR: cannot make the in-memory database in '${folder}': ${reason}`)
}

function storeOpenReason (path: string, error: Error & { code?: string }): string | undefined {
  // better-sqlite3 checks the directory itself, with a TypeError of its own.
  if (/directory does not exist/.test(error.message)) return 'the directory does not exist'
  switch (error.code) {
    case 'SQLITE_NOTADB': return 'the file is not a SQLite database'
    case 'SQLITE_READONLY': return 'the file is read-only'
    case 'SQLITE_CANTOPEN': return isDirectory(path) ? 'it is a directory' : 'the file cannot be opened (check its permissions)'
    case 'SQLITE_FULL': return 'the disk is full'
    case 'SQLITE_CORRUPT': return 'the database file is damaged'
    case 'ONCEHUB_MOCK_SCHEMA': return error.message
  }
  return error.code?.startsWith('SQLITE_') === true ? error.message : undefined
}

function isDirectory (path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/** The ConfigError naming HOST or PORT when the server cannot listen there; other errors as they are. */
export function listenError (error: unknown, host: string, port: number): unknown {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return new ConfigError(`HOST: cannot listen on '${host}': no such host name or address`)
    case 'EADDRNOTAVAIL':
      return new ConfigError(`HOST: cannot listen on '${host}': no network interface of this machine has that address`)
    case 'EADDRINUSE':
      return new ConfigError(`PORT: cannot listen on port ${port} of '${host}': another program is using it`)
    case 'EACCES':
      return new ConfigError(`PORT: cannot listen on port ${port}: permission denied (ports below 1024 need privileges)`)
  }
  return error
}
