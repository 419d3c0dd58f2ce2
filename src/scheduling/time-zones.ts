// IANA time zones through Intl, which Node 24 backs with full ICU and its own copy
// of the tz database, so no library or system tzdata is needed. A zone's offset is
// read by formatting an instant; local wall-clock times become instants by the
// rule in wallClockToUtc, which decides what skipped and repeated times mean.

import { DAY_MS, MINUTE_MS } from './calendar-dates.ts'

const CACHE_LIMIT = 4096
const formatters = new Map<string, Intl.DateTimeFormat>()
// Per zone and local day: the offset that holds all day, or null when it changes.
const dayOffsets = new Map<string, number | null>()

function formatterOf (zone: string): Intl.DateTimeFormat | undefined {
  let formatter = formatters.get(zone)
  if (formatter !== undefined) return formatter
  try {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
  } catch {
    return undefined
  }
  if (formatters.size >= CACHE_LIMIT) formatters.clear()
  formatters.set(zone, formatter)
  return formatter
}

const OFFSET = /^GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/

/** The offset of `zone` at the instant `ms`: what to add to UTC to read its wall clock, in milliseconds. */
export function zoneOffset (zone: string, ms: number): number {
  const formatter = formatterOf(zone)
  if (formatter === undefined) throw new RangeError(`Unknown time zone: ${zone}`)
  const name = formatter.formatToParts(ms).find((part) => part.type === 'timeZoneName')?.value ?? ''
  const match = OFFSET.exec(name)
  if (match === null) throw new RangeError(`Unreadable offset of ${zone}: ${name}`)
  if (match[1] === undefined) return 0
  const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4] ?? 0)
  return (match[1] === '-' ? -1 : 1) * seconds * 1000
}

/**
 * The instant at which the wall clock of `zone` on local day `day` first reads
 * `minutes` after midnight or later (1440 is the next midnight). A time that occurs
 * once is that instant; a time that occurs twice (the clock falls back) is its first
 * occurrence; a time the clock skips (it springs forward) is the transition, when
 * the clock jumps past it: 02:30 on New York's spring-forward day is 03:00 EDT.
 */
export function wallClockToUtc (zone: string, day: number, minutes: number): number {
  const local = day * DAY_MS + minutes * MINUTE_MS
  const offset = constantOffset(zone, day)
  return offset === null ? throughTransition(zone, local) : local - offset
}

/** The local day (days since 1970-01-01) and minutes since midnight of `zone`'s wall clock at `ms`. */
export function utcToWallClock (zone: string, ms: number): { day: number, minutes: number } {
  const local = ms + zoneOffset(zone, ms)
  const day = Math.floor(local / DAY_MS)
  return { day, minutes: Math.floor((local - day * DAY_MS) / MINUTE_MS) }
}

/** The local day (days since 1970-01-01) of `zone` at the instant `ms`. */
export function localDay (zone: string, ms: number): number {
  return Math.floor((ms + zoneOffset(zone, ms)) / DAY_MS)
}

// A day's local times lie within a day either side of it read as UTC (offsets are
// under 15 hours): the same offset at both ends means no transition that day, and
// every time is plain arithmetic. Two transitions within three days are not known.
function constantOffset (zone: string, day: number): number | null {
  const key = `${zone} ${day}`
  const known = dayOffsets.get(key)
  if (known !== undefined) return known
  const before = zoneOffset(zone, (day - 1) * DAY_MS)
  const offset = before === zoneOffset(zone, (day + 2) * DAY_MS) ? before : null
  if (dayOffsets.size >= CACHE_LIMIT * 8) dayOffsets.clear()
  dayOffsets.set(key, offset)
  return offset
}

function throughTransition (zone: string, local: number): number {
  const before = zoneOffset(zone, local - DAY_MS)
  const after = zoneOffset(zone, local + DAY_MS)
  const occurrences = [local - before, local - after].filter((t) => zoneOffset(zone, t) === local - t)
  if (occurrences.length > 0) return Math.min(...occurrences)
  if (after <= before) return local - before
  // Skipped: the first whole second whose wall clock reads `local` or later.
  let lo = local - after // reads earlier than `local`
  let hi = local - before // reads `local` or later
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000
    if (mid + zoneOffset(zone, mid) >= local) hi = mid
    else lo = mid
  }
  return hi
}
