// The formats OnceHub checks on the people of an account and on booking forms
// (docs/where-the-mock-decides.md): email addresses, phone numbers in E.164, IANA time
// zones, and the characters a user's name may hold.

// A local part of the usual characters, and a domain of at least two labels whose
// last is two letters or more: `john.doe@invalid` (OnceHub's own bad example) fails.
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/

/** A plausible email address, at most 320 characters. */
export function isEmail (value: string): boolean {
  return value.length <= 320 && EMAIL.test(value) && !value.startsWith('.') && !value.includes('..')
}

// National number lengths of some country codes; others are held to E.164's 15
// digits only. `+91999999` (OnceHub's own bad example) is six digits short of India's ten.
const NATIONAL_LENGTHS: ReadonlyMap<string, readonly [number, number]> = new Map([
  ['1', [10, 10]], ['7', [10, 10]], ['20', [10, 10]], ['27', [9, 9]], ['30', [10, 10]], ['31', [9, 9]], ['32', [8, 9]], ['33', [9, 9]],
  ['34', [9, 9]], ['36', [8, 9]], ['39', [6, 11]], ['40', [9, 9]], ['41', [9, 9]], ['43', [4, 13]], ['44', [9, 10]], ['45', [8, 8]],
  ['46', [7, 9]], ['47', [8, 8]], ['48', [9, 9]], ['49', [6, 13]], ['52', [10, 10]], ['54', [10, 10]], ['55', [10, 11]], ['56', [9, 9]],
  ['57', [10, 10]], ['60', [8, 10]], ['61', [9, 9]], ['62', [8, 12]], ['63', [10, 10]], ['64', [8, 10]], ['65', [8, 8]], ['66', [8, 9]],
  ['81', [9, 10]], ['82', [8, 10]], ['84', [9, 10]], ['86', [11, 11]], ['90', [10, 10]], ['91', [10, 10]], ['92', [10, 10]], ['234', [8, 10]],
  ['254', [9, 9]], ['351', [9, 9]], ['353', [7, 9]], ['358', [5, 12]], ['420', [9, 9]], ['971', [8, 9]], ['972', [8, 9]]
])

/** A phone number in E.164: `+`, a country code and the national number, 8 to 15 digits in all. */
export function isE164 (value: string): boolean {
  if (!/^\+[1-9]\d{7,14}$/.test(value)) return false
  const digits = value.slice(1)
  for (const length of [1, 2, 3]) {
    const bounds = NATIONAL_LENGTHS.get(digits.slice(0, length))
    if (bounds !== undefined) return digits.length - length >= bounds[0] && digits.length - length <= bounds[1]
  }
  return true
}

/**
 * Whether `name` is an IANA time zone: a zone or a link of the tz database that
 * ICU knows (`America/New_York`, `Asia/Kolkata`, `Asia/Calcutta`, `US/Eastern`,
 * `UTC`), matched ignoring case as ECMAScript matches them. Offsets such as
 * `+05:30`, which Intl also takes, are not zones.
 */
export function isTimeZone (name: unknown): name is string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 64 || !/^[A-Za-z]/.test(name)) return false
  try {
    // eslint-disable-next-line no-new
    new Intl.DateTimeFormat('en-US', { timeZone: name })
    return true
  } catch {
    return false
  }
}

/**
 * A user's name as OnceHub takes it: not blank, and only letters, digits, spaces
 * and `.` `,` `'` `’` `-` (`fir[/*st_na*\/]?me`, OnceHub's bad example, fails).
 */
export function isPersonName (value: string): boolean {
  return value.trim() !== '' && /^[\p{L}\p{M}\p{N} .,'’-]+$/u.test(value)
}
