// Keyset pagination shared by every list. Objects are ordered newest first by the
// table's order key (e.g. creation_time, then id); a cursor is an object ID, and a
// page is a range scan from that object's key, so its cost does not grow with the
// dataset and pages stay stable while other objects change.

import type { Database, Statement } from 'better-sqlite3'

/** A WHERE clause built from filters: SQL fragments joined by AND, and their values. */
export interface Where {
  clauses: string[]
  values: unknown[]
}

export interface PageRequest {
  limit: number
  after?: string
  before?: string
}

export interface Page<T> {
  data: T[]
  /** More objects follow this page in the direction of travel. */
  hasMore: boolean
  /** Objects exist after the last one of this page (newer → older). */
  hasNext: boolean
  /** Objects exist before the first one of this page. */
  hasPrevious: boolean
}

/** The cursor names no object of this table. */
export class UnknownCursor extends Error {
  readonly id: string
  readonly param: 'after' | 'before'

  constructor (id: string, param: 'after' | 'before') {
    super(`unknown cursor ${id}`)
    this.id = id
    this.param = param
  }
}

/** Pages through one table in its order, newest first. */
export class Lister {
  private readonly statements = new Map<string, Statement>()
  private readonly keyOf: Statement
  private readonly db: Database
  private readonly table: string
  private readonly order: readonly string[]

  constructor (db: Database, table: string, order: readonly string[]) {
    this.db = db
    this.table = table
    this.order = order
    this.keyOf = db.prepare(`SELECT ${order.join(', ')} FROM ${table} WHERE id = ?`).raw()
  }

  /**
   * One page of the objects that match `where`: `columns` are selected after the
   * ID, and `map` makes each row (an array: the ID, then `columns`) an object.
   */
  page<T> (where: Where, request: PageRequest, columns: string, map: (row: unknown[]) => T): Page<T> {
    const cursorId = request.after ?? request.before
    const param = request.after !== undefined ? 'after' : 'before'
    const cursor = cursorId === undefined ? undefined : this.keyOf.get(cursorId) as unknown[] | undefined
    if (cursorId !== undefined && cursor === undefined) throw new UnknownCursor(cursorId, param)

    const backwards = request.before !== undefined
    const rows = this.select(where, cursor, backwards ? '>' : '<', request.limit + 1, columns)
    const hasMore = rows.length > request.limit
    if (hasMore) rows.pop()
    if (backwards) rows.reverse()
    const first = rows[0]
    const last = rows.at(-1)
    // Without filters, the cursor's own object lies past the page's far end: no need to look.
    const beyond = (row: unknown[], op: '<' | '>') => where.clauses.length === 0 || this.exists(where, this.keyOf.get(row[0]) as unknown[], op)
    return {
      data: rows.map(map),
      hasMore,
      hasNext: backwards ? last !== undefined && beyond(last, '<') : hasMore,
      hasPrevious: backwards ? hasMore : first !== undefined && cursor !== undefined && beyond(first, '>')
    }
  }

  private select (where: Where, cursor: unknown[] | undefined, op: '<' | '>', limit: number, columns: string): unknown[][] {
    const direction = op === '<' ? 'DESC' : 'ASC'
    const orderBy = this.order.map((column) => `${column} ${direction}`).join(', ')
    // The limit is written into the SQL rather than bound: SQLite prepared a
    // statement with a bound LIMIT anew at every run (BENCHMARKS.md). Limits are few (2 to 101).
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`bad page limit ${limit}`)
    const sql = `SELECT id, ${columns} FROM ${this.table} ${this.whereSql(where, cursor, op)} ORDER BY ${orderBy} LIMIT ${limit}`
    return this.statement(sql, true).all(...this.values(where, cursor)) as unknown[][]
  }

  private exists (where: Where, key: unknown[], op: '<' | '>'): boolean {
    const sql = `SELECT 1 FROM ${this.table} ${this.whereSql(where, key, op)} LIMIT 1`
    return this.statement(sql, false).get(...this.values(where, key)) !== undefined
  }

  private whereSql (where: Where, cursor: unknown[] | undefined, op: '<' | '>'): string {
    const clauses = cursor === undefined
      ? where.clauses
      : [...where.clauses, `(${this.order.join(', ')}) ${op} (${this.order.map(() => '?').join(', ')})`]
    return clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`
  }

  private values (where: Where, cursor: unknown[] | undefined): unknown[] {
    return cursor === undefined ? where.values : [...where.values, ...cursor]
  }

  // Filters combine in a bounded number of ways, so each distinct SQL text is
  // prepared once and reused.
  private statement (sql: string, raw: boolean): Statement {
    let statement = this.statements.get(sql)
    if (statement === undefined) {
      statement = this.db.prepare(sql)
      if (raw) statement.raw()
      this.statements.set(sql, statement)
    }
    return statement
  }
}
