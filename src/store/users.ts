// Writes of users: invite, update, delete, checked with OnceHub's rules and
// messages, each in one transaction. Team membership follows a user's `teams`: the
// `user` filter of GET /v2/teams and the `host` filter of GET /v2/booking-calendars
// (a team's calendars are hosted by its members) read the link tables kept here.

import type { Database } from 'better-sqlite3'
import type { Clock } from '../clock.ts'
import { errors } from '../errors.ts'
import { freeDerivedId } from '../ids.ts'
import { isEmail, isPersonName } from '../formats.ts'
import { timestamp } from '../time.ts'
import type { AccountRepository } from './account.ts'
import * as tables from './tables.ts'
import type { User } from './types.ts'

type Role = Exclude<User['role_name'], 'Account Owner'>

export interface UserInput {
  email: string
  first_name: string
  last_name: string
  role_name?: Role
  teams?: string[]
}

export type UserChanges = Partial<Omit<UserInput, 'email'>>

export interface UserRepository {
  /** Invites a user: `status: invited`. */
  invite(input: UserInput): User
  update(id: string, changes: UserChanges): User
  delete(id: string): void
}

/** OnceHub's limit of users for a purchased account. */
export const USER_LIMIT = 500

/** The users repository on `db`. */
export function createUserRepository (db: Database, clock: Clock, account: AccountRepository): UserRepository {
  const insert = db.prepare(tables.insertSql(tables.users))
  const replace = db.prepare(tables.insertSql(tables.users, 'INSERT OR REPLACE'))
  const live = db.prepare('SELECT count(*) FROM users WHERE deleted_time IS NULL').pluck()
  const count = db.prepare('SELECT count(*) FROM users').pluck()
  const exists = db.prepare('SELECT 1 FROM users WHERE id = ?').pluck()
  const byEmail = db.prepare('SELECT id FROM users WHERE email = ? COLLATE NOCASE AND deleted_time IS NULL').pluck()
  const team = db.prepare('SELECT 1 FROM teams WHERE id = ?').pluck()
  const seed = db.prepare("SELECT value FROM meta WHERE key = 'seed'").pluck()
  const leaveTeams = db.prepare('DELETE FROM team_members WHERE user_id = ?')
  const join = db.prepare('INSERT INTO team_members (team_id, user_id) VALUES (?, ?)')
  // The calendar hosts a user is through a team; a calendar the user hosts itself stays.
  const leaveCalendars = db.prepare('DELETE FROM booking_calendar_hosts WHERE host_id = @user AND booking_calendar_id IN (SELECT id FROM booking_calendars WHERE host != @user)')
  const joinCalendars = db.prepare(`INSERT INTO booking_calendar_hosts (booking_calendar_id, host_id)
    SELECT id, @user FROM booking_calendars WHERE host IN (SELECT team_id FROM team_members WHERE user_id = @user)`)
  const leaveAll = db.prepare('DELETE FROM booking_calendar_hosts WHERE host_id = ?')
  const remove = db.prepare('UPDATE users SET deleted_time = ? WHERE id = ?')

  const checkTeams = (teams: readonly string[] | undefined): string[] | undefined => {
    if (teams === undefined) return undefined
    const missing = teams.filter((id) => team.get(id) === undefined)
    if (missing.length > 0) throw errors.invalidTeams(missing)
    return [...new Set(teams)]
  }
  const setTeams = (user: string, teams: readonly string[]) => {
    leaveTeams.run(user)
    for (const id of teams) join.run(id, user)
    leaveCalendars.run({ user })
    joinCalendars.run({ user })
  }
  // A user named by an ID: live, or else 410 when deleted, 404 when unknown.
  const liveUser = (id: string): User => {
    const user = account.get('users', id)
    if (user !== undefined) return user
    throw account.redacted('users', id) === undefined ? errors.noSuchObject('user', id) : errors.userDeleted(id)
  }
  // Derived from the dataset and how many users it ever had: a rerun gives the same IDs.
  const newId = (): string => freeDerivedId('USR-', 10, (n) => `user ${String(seed.get())} ${n}`, (id) => exists.get(id) === undefined, count.get() as number)

  return {
    invite: db.transaction((input: UserInput) => {
      for (const name of ['first_name', 'last_name'] as const) if (!isPersonName(input[name])) throw errors.invalidNewUserName(name, input[name])
      if (!isEmail(input.email)) throw errors.invalidEmailFormat(input.email)
      if (byEmail.get(input.email) !== undefined) throw errors.emailExists(input.email)
      const teams = checkTeams(input.teams) ?? []
      if ((live.get() as number) >= USER_LIMIT) throw errors.userLimit()
      const user: User = {
        object: 'user',
        id: newId(),
        first_name: input.first_name,
        last_name: input.last_name,
        email: input.email,
        status: 'invited',
        role_name: input.role_name ?? 'Member',
        timezone: account.ownerTimezone(),
        teams
      }
      insert.run(tables.toRow(tables.users, { ...user, deleted_time: null }))
      setTeams(user.id, teams)
      return user
    }),
    update: db.transaction((id: string, changes: UserChanges) => {
      const user = liveUser(id)
      if (user.role_name === 'Account Owner') throw errors.accountOwnerLocked()
      for (const name of ['first_name', 'last_name'] as const) {
        const value = changes[name]
        if (value !== undefined && !isPersonName(value)) throw errors.invalidUserName(name, value)
      }
      const teams = checkTeams(changes.teams)
      const updated: User = { ...user, ...changes, ...(teams === undefined ? {} : { teams }) }
      replace.run(tables.toRow(tables.users, { ...updated, deleted_time: null }))
      if (teams !== undefined) setTeams(id, teams)
      return updated
    }),
    delete: db.transaction((id: string) => {
      const user = liveUser(id)
      if (user.role_name === 'Account Owner') throw errors.accountOwnerUndeletable()
      remove.run(timestamp(clock.now()), id)
      leaveTeams.run(id)
      leaveAll.run(id)
    })
  }
}
