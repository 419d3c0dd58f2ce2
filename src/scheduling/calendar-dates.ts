// Dates and times of day as people write them, with no zone: a date is counted in
// days since 1970-01-01, a time of day in minutes since midnight. Plain numbers keep
// the slot computation free of Date objects and their cost.

import { DAY_NAMES, type DayName } from './types.ts'

/** A minute, an hour and a day in milliseconds (a day of UTC, or of a wall clock read as UTC). */
export const MINUTE_MS = 60_000
export const HOUR_MS = 60 * MINUTE_MS
export const DAY_MS = 24 * HOUR_MS
/** Minutes from midnight to midnight: `24:00`. */
export const MINUTES_PER_DAY = 24 * 60

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const TIME = /^(\d{2}):(\d{2})$/

/** The day number of a `YYYY-MM-DD` date, or undefined when it is not one (2026-02-30 included). */
export function parseDate (value: string): number | undefined {
  const match = DATE.exec(value)
  if (match === null) return undefined
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  if (month < 1 || month > 12 || day < 1) return undefined
  const days = dayFromParts(year, month, day)
  // A day past the month's end rolls into the next month: refused.
  return formatDate(days) === value ? days : undefined
}

/** The day number of a year, month (1–12) and day of month. */
export function dayFromParts (year: number, month: number, day: number): number {
  const date = new Date(0)
  // setUTCFullYear, unlike Date.UTC, does not read years 0 to 99 as 1900 to 1999.
  date.setUTCFullYear(year, month - 1, day)
  return Math.round(date.getTime() / DAY_MS)
}

/** `YYYY-MM-DD` of a day number. */
export function formatDate (day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

/** The weekday of a day number, as OnceHub names it. */
export function dayName (day: number): DayName {
  // 1970-01-01 was a Thursday, index 3 of DAY_NAMES (Monday first).
  return DAY_NAMES[(((day + 3) % 7) + 7) % 7] as DayName
}

/**
 * Minutes since midnight of an `HH:MM` time, or undefined when it is not one.
 * `24:00`, the end of the day, is a time only where `endOfDay` allows it.
 */
export function parseTime (value: string, endOfDay = false): number | undefined {
  const match = TIME.exec(value)
  if (match === null) return undefined
  const minutes = Number(match[1]) * 60 + Number(match[2])
  if (Number(match[2]) > 59) return undefined
  if (minutes < MINUTES_PER_DAY || (endOfDay && minutes === MINUTES_PER_DAY)) return minutes
  return undefined
}

/** `HH:MM` of minutes since midnight (1440 is `24:00`). */
export function formatTime (minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

// 'YYYY-MM-DDT' of the UTC days formatInstant wrote lately, and 'HH:MM:00.000Z' of each minute of a day.
const DAY_PREFIXES = new Map<number, string>()
const MINUTE_SUFFIXES = Array.from({ length: MINUTES_PER_DAY }, (_, minute) => `${formatTime(minute)}:00.000Z`)

/**
 * An instant as OnceHub's time-slots answer writes it, `2024-12-02T06:30:00.000Z`:
 * what Date's toISOString writes. Slots start on whole minutes, written from the
 * day's part and the minute's, kept: a month of a team's slots is a thousand or
 * more, and toISOString costs about as much as the rest of the answer (BENCHMARKS.md).
 */
export function formatInstant (ms: number): string {
  const day = Math.floor(ms / DAY_MS)
  const minute = (ms - day * DAY_MS) / MINUTE_MS
  if (!Number.isInteger(minute)) return new Date(ms).toISOString()
  let prefix = DAY_PREFIXES.get(day)
  if (prefix === undefined) {
    if (DAY_PREFIXES.size >= 4096) DAY_PREFIXES.clear()
    prefix = new Date(day * DAY_MS).toISOString().slice(0, -'00:00:00.000Z'.length)
    DAY_PREFIXES.set(day, prefix)
  }
  return prefix + (MINUTE_SUFFIXES[minute] as string)
}
