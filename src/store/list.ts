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

/** The cursor names no object of this table. */
export class UnknownCursor extends Error {
  constructor (readonly id: string, readonly param: 'after' | 'before') {
    super(`unknown cursor ${id}`)
  }
}

/** Pages through one table in its order, newest first. */
export class Lister<T> {
  private readonly statements = new Map<string, Statement>()
  private readonly keyOf: Statement
  private readonly key: string

  constructor (private readonly db: Database, private readonly table: Table, private readonly order: readonly string[]) {
    this.key = `(${order.join(', ')})`
    this.keyOf = db.prepare(`SELECT ${order.join(', ')} FROM ${table.name} WHERE id = ?`).raw()
  }

  /** One page of the objects that match `where`. */
  page (where: Where, request: PageRequest): Page<T> {
    const columns = selectList(this.table)
    return this.pageOf(where, request, columns, (row) => fromRow<T>(this.table, row as Record<string, unknown>), false)
  }

  /**
   * One page of whatever `columns` (SQL) select for the objects that match `where`,
   * each row turned into an R by `map`. With `raw`, rows are arrays, which cost
   * better-sqlite3 less to make, and `columns` must start with the order's columns.
   */
  pageOf<R> (where: Where, request: PageRequest, columns: string, map: (row: Record<string, unknown> | unknown[]) => R, raw = true): Page<R> {
    const cursorId = request.after ?? request.before
    const param = request.after !== undefined ? 'after' : 'before'
    const cursor = cursorId === undefined ? undefined : this.keyOf.get(cursorId) as unknown[] | undefined
    if (cursorId !== undefined && cursor === undefined) throw new UnknownCursor(cursorId, param)

    const backwards = request.before !== undefined
    const rows = this.select(where, cursor, backwards ? '>' : '<', request.limit + 1, columns, raw)
    const hasMore = rows.length > request.limit
    if (hasMore) rows.pop()
    if (backwards) rows.reverse()
    const first = rows[0]
    const last = rows.at(-1)
    const data = rows.map(map)
    const keyOf = (row: Record<string, unknown> | unknown[]) => Array.isArray(row) ? row.slice(0, this.order.length) : this.order.map((column) => row[column])
    return {
      data,
      hasMore,
      hasNext: backwards ? last !== undefined && this.exists(where, keyOf(last), '<') : hasMore,
      hasPrevious: backwards ? hasMore : first !== undefined && cursor !== undefined && this.exists(where, keyOf(first), '>')
    }
  }

  private select (where: Where, cursor: unknown[] | undefined, op: '<' | '>', limit: number, columns: string, raw: boolean): Array<Record<string, unknown> | unknown[]> {
    const direction = op === '<' ? 'DESC' : 'ASC'
    const orderBy = this.order.map((column) => `${this.table.name}.${column} ${direction}`).join(', ')
    const sql = `SELECT ${columns} FROM ${this.table.name} ${this.whereSql(where, cursor, op)} ORDER BY ${orderBy} LIMIT ?`
    return this.statement(sql, raw).all(...this.values(where, cursor), limit) as Array<Record<string, unknown> | unknown[]>
  }

  private exists (where: Where, key: unknown[], op: '<' | '>'): boolean {
    const sql = `SELECT 1 FROM ${this.table.name} ${this.whereSql(where, key, op)} LIMIT 1`
    return this.statement(sql).get(...this.values(where, key)) !== undefined
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
  private statement (sql: string, raw = false): Statement {
    const key = raw ? `raw ${sql}` : sql
    let statement = this.statements.get(key)
    if (statement === undefined) {
      statement = this.db.prepare(sql).raw(raw)
      this.statements.set(key, statement)
    }
    return statement
  }
}
