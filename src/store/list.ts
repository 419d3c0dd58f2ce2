// Keyset pagination shared by every list. Objects are ordered newest first by the
// table's order key (e.g. creation_time, then id); a cursor is an object ID, and a
// page is a range scan from that object's key, so its cost does not grow with the
// dataset and pages stay stable while other objects change.

import type { Database, Statement } from 'better-sqlite3'
import { fromRow, selectList, type Table } from './tables.ts'

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

/** How better-sqlite3 gives a row: an object, an array of its columns, or its one column's value. */
export type RowShape = 'object' | 'array' | 'pluck'

/**
 * What a page reads: the select list, the shape rows come in (arrays and single
 * values cost better-sqlite3 less to make than objects), what each row becomes,
 * and the ID it is of.
 */
export interface PageSelect<R> {
  columns: string
  shape: RowShape
  map: (row: unknown) => R
  idOf: (row: unknown) => string
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
export class Lister<T> {
  private readonly statements = new Map<string, Statement>()
  private readonly keyOf: Statement
  private readonly key: string
  private readonly db: Database
  private readonly table: Table
  private readonly order: readonly string[]

  constructor (db: Database, table: Table, order: readonly string[]) {
    this.db = db
    this.table = table
    this.order = order
    this.key = `(${order.join(', ')})`
    this.keyOf = db.prepare(`SELECT ${order.join(', ')} FROM ${table.name} WHERE id = ?`).raw()
  }

  /** One page of the objects that match `where`. */
  page (where: Where, request: PageRequest): Page<T> {
    return this.pageOf(where, request, {
      columns: selectList(this.table),
      shape: 'object',
      map: (row) => fromRow<T>(this.table, row as Record<string, unknown>),
      idOf: (row) => (row as { id: string }).id
    })
  }

  /** One page of whatever `select` reads for the objects that match `where`. */
  pageOf<R> (where: Where, request: PageRequest, select: PageSelect<R>): Page<R> {
    const cursorId = request.after ?? request.before
    const param = request.after !== undefined ? 'after' : 'before'
    const cursor = cursorId === undefined ? undefined : this.keyOf.get(cursorId) as unknown[] | undefined
    if (cursorId !== undefined && cursor === undefined) throw new UnknownCursor(cursorId, param)

    const backwards = request.before !== undefined
    const rows = this.select(where, cursor, backwards ? '>' : '<', request.limit + 1, select)
    const hasMore = rows.length > request.limit
    if (hasMore) rows.pop()
    if (backwards) rows.reverse()
    const first = rows[0]
    const last = rows.at(-1)
    const data = rows.map(select.map)
    // The order key of a page's end, to look past it: read from an object row, or
    // looked up by ID (only pages reached by a cursor need it).
    const keyOf = (row: unknown): unknown[] => select.shape === 'object'
      ? this.order.map((column) => (row as Record<string, unknown>)[column])
      : this.keyOf.get(select.idOf(row)) as unknown[]
    // Without filters, the cursor's own object lies past the page's far end: no need to look.
    const beyond = (row: unknown, op: '<' | '>') => where.clauses.length === 0 || this.exists(where, keyOf(row), op)
    return {
      data,
      hasMore,
      hasNext: backwards ? last !== undefined && beyond(last, '<') : hasMore,
      hasPrevious: backwards ? hasMore : first !== undefined && cursor !== undefined && beyond(first, '>')
    }
  }

  private select (where: Where, cursor: unknown[] | undefined, op: '<' | '>', limit: number, select: PageSelect<unknown>): unknown[] {
    const direction = op === '<' ? 'DESC' : 'ASC'
    const orderBy = this.order.map((column) => `${this.table.name}.${column} ${direction}`).join(', ')
    // The limit is written into the SQL, not bound: a statement with a bound LIMIT
    // was prepared anew by SQLite on every run (sqlite3Reprepare under `perf`), a
    // third of what reading a 10-row page cost. Limits are few (2 to 101).
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`bad page limit ${limit}`)
    const sql = `SELECT ${select.columns} FROM ${this.table.name} ${this.whereSql(where, cursor, op)} ORDER BY ${orderBy} LIMIT ${limit}`
    return this.statement(sql, select.shape).all(...this.values(where, cursor))
  }

  private exists (where: Where, key: unknown[], op: '<' | '>'): boolean {
    const sql = `SELECT 1 FROM ${this.table.name} ${this.whereSql(where, key, op)} LIMIT 1`
    return this.statement(sql, 'pluck').get(...this.values(where, key)) !== undefined
  }

  private whereSql (where: Where, cursor: unknown[] | undefined, op: '<' | '>'): string {
    const clauses = cursor === undefined
      ? where.clauses
      : [...where.clauses, `${this.key} ${op} (${this.order.map(() => '?').join(', ')})`]
    return clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`
  }

  private values (where: Where, cursor: unknown[] | undefined): unknown[] {
    return cursor === undefined ? where.values : [...where.values, ...cursor]
  }

  // Filters combine in a bounded number of ways, so each distinct SQL text is
  // prepared once and reused.
  private statement (sql: string, shape: RowShape): Statement {
    const key = `${shape} ${sql}`
    let statement = this.statements.get(key)
    if (statement === undefined) {
      statement = this.db.prepare(sql)
      if (shape === 'array') statement.raw()
      if (shape === 'pluck') statement.pluck()
      this.statements.set(key, statement)
    }
    return statement
  }
}
