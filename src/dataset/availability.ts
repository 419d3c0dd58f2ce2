// Seeded users' working hours, and where in them a seeded booking goes. The hours are
// drawn from a Faker of their own, seeded from the dataset's seed, so that every
// draw the account and the bookings made before hours existed stays as it was.

import type { Faker } from '@faker-js/faker'
import { hostStarts, prepareHost, type PreparedHost } from '../scheduling/host-starts.ts'
import { seedAvailability } from '../scheduling/seed-availability.ts'
import type { AvailabilityRecord, User } from '../store/types.ts'
import { DAY, MINUTE } from '../time.ts'
import { seededFaker } from './faker.ts'

/** Working hours for every user, in their own zone; some keep an office on some days. */
export function makeAvailability (seed: number, users: readonly User[], referenceDate: string): AvailabilityRecord[] {
  // A Faker of its own: hours are drawn without moving any other draw.
  const faker: Faker = seededFaker([seed, 19])
  return users.map((user) => {
    const office = faker.datatype.boolean(0.4)
      ? { id: `ADD-${faker.string.alphanumeric({ length: 10, casing: 'upper' })}`, value: `${faker.location.streetAddress()}, ${faker.location.city()}` }
      : undefined
    const { object: _object, ...availability } = seedAvailability({ timezone: user.timezone, random: () => faker.number.float(), address: office, today: referenceDate.slice(0, 10) })
    return { user_id: user.id, ...availability }
  })
}

/** Finds, for seeded bookings, start times inside their host's working hours. */
export class HoursPlacer {
  private readonly hosts = new Map<string, PreparedHost>()

  constructor (availability: readonly AvailabilityRecord[]) {
    for (const { user_id: id, ...hours } of availability) this.hosts.set(id, prepareHost({ id, availability: hours, busy: [] }))
  }

  /**
   * A start on `day` (days since the epoch, UTC) or one of the six after it, at which a
   * meeting of `minutes` fits the user's hours: the `pick`th of that day's, counted
   * round. Undefined when the user has none that week.
   */
  place (user: string, day: number, pick: number, minutes: number): number | undefined {
    const host = this.hosts.get(user)
    if (host === undefined) return undefined
    for (let next = day; next < day + 7; next++) {
      const starts = hostStarts(host, next * DAY, (next + 1) * DAY, -Infinity, minutes * MINUTE)
      if (starts.length > 0) return starts[pick % starts.length]!.start
    }
    return undefined
  }

  /** Whether a meeting of `minutes` from `start` fits the user's hours. */
  fits (user: string, start: number, minutes: number): boolean {
    const host = this.hosts.get(user)
    return host !== undefined && hostStarts(host, start, start + 1, -Infinity, minutes * MINUTE).some((s) => s.start === start)
  }
}
