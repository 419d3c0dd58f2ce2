// The formats OnceHub checks on people, one table each: what passes and what not.

import t, { type Test } from 'tap'
import { isE164, isEmail, isPersonName, isTimeZone } from '../src/formats.ts'

const table = <T>(t: Test, check: (value: T) => boolean, cases: ReadonlyArray<[T, boolean]>) => {
  for (const [value, expected] of cases) t.equal(check(value), expected, JSON.stringify(value))
}

t.test('emails', async (t) => table(t, isEmail, [
  ['carrie.customer@gmail.com', true], ['a+b@sub.example.co.uk', true], ['Jane@Example.COM', true],
  ['john.doe@invalid', false], ['invalid-email', false], ['a@@example.com', false], ['a@example.c', false],
  ['.a@example.com', false], ['a..b@example.com', false], ['a b@example.com', false], [`${'a'.repeat(310)}@example.com`, false]
]))

t.test('phones in E.164', async (t) => table(t, isE164, [
  ['+12025550195', true], ['+447911123456', true], ['+919876543210', true], ['+4930123456', true], ['+3725123456', true],
  ['+91999999', false], ['+1202555019', false], ['12025550195', false], ['+1 202 555 0195', false], ['+012025550195', false], ['+1234567890123456', false]
]))

t.test('names of users', async (t) => table(t, isPersonName, [
  ['Carrie', true], ["O'Brien-Smith", true], ['José María', true], ['Jr.', true], ['Zoë 2', true],
  ['fir[/*st_na*/]?me', false], ['', false], ['   ', false], ['a_b', false], ['<b>', false]
]))

t.test('IANA zones and links exist, in any case; offsets, blanks and made-up names do not', async (t) => {
  for (const name of ['America/New_York', 'Europe/London', 'Australia/Sydney', 'Asia/Kolkata', 'Asia/Calcutta', 'Europe/Kyiv', 'US/Eastern', 'UTC', 'Etc/GMT+5', 'EST5EDT', 'america/new_york']) {
    t.ok(isTimeZone(name), name)
  }
  for (const name of ['', '+05:30', '-05:00', '+0530', 'Z', 'GMT+5', 'UTC+5', 'Mars/Olympus', 'America/New York', ' UTC', 'UTC ', 'America//New_York', 'Invalid/Timezone', 'EST5EDT5', 'x'.repeat(65), 5, null, undefined, {}]) {
    t.notOk(isTimeZone(name), JSON.stringify(name))
  }
})
