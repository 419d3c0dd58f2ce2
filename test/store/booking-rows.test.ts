// How a booking is stored (src/store/booking-rows.ts): its JSON is the API's, in
// the API's field order, and list pages walk it both ways.

import t from 'tap'
import { generateDataset } from '../../src/dataset/generate.ts'
import { BOOKING_FIELDS, bookingRow } from '../../src/store/booking-rows.ts'
import { createStore } from '../../src/store/store.ts'

const dataset = generateDataset({ seed: 11, bookings: 300, referenceDate: '2026-12-02T00:00:00Z' })

t.test('the stored JSON is the booking, its fields in the API\'s order', async (t) => {
  const wrong = dataset.bookings.filter(({ hosts: _hosts, ...booking }) => {
    const { body } = bookingRow(booking)
    return JSON.stringify(JSON.parse(body)) !== JSON.stringify(booking) || Object.keys(JSON.parse(body)).join() !== BOOKING_FIELDS.join()
  })
  t.strictSame(wrong.map((booking) => booking.id), [], 'for every booking of a generated dataset')
})

t.test('list pages name each booking by its ID, forwards and backwards', async (t) => {
  const store = createStore(null)
  t.teardown(() => store.close())
  store.dataset.load(dataset)
  for (const expand of [[], ['owner', 'contact']] as const) {
    const first = store.bookings.list({}, { limit: 7 }, expand)
    const second = store.bookings.list({}, { limit: 7, after: first.data.at(-1)!.id }, expand)
    const back = store.bookings.list({}, { limit: 7, before: second.data[0]!.id }, expand)
    for (const page of [first, second, back]) {
      t.strictSame(page.data.map((booking) => booking.id), page.data.map((booking) => JSON.parse(booking.json).id), `expand [${expand.join(',')}]`)
    }
    t.strictSame(back.data.map((booking) => booking.id), first.data.map((booking) => booking.id), 'back where it started')
    t.ok(second.hasPrevious && second.hasNext && back.hasNext && !back.hasPrevious, 'with the right neighbours')
  }
})

t.test('a page holds exactly its limit, whatever limits came before; a limit that is no count never reaches the SQL', async (t) => {
  const store = createStore(null)
  t.teardown(() => store.close())
  store.dataset.load(dataset)
  // The limit is part of each statement's SQL (src/store/list.ts): statements made
  // for one limit must not answer for another.
  for (const limit of [3, 1, 100, 3, 50, 1]) {
    const page = store.bookings.list({}, { limit }, [])
    t.equal(page.data.length, limit, `limit ${limit}`)
    t.ok(page.hasMore, `limit ${limit}: more follow`)
  }
  for (const limit of [-1, -5, 1.5, Number.NaN, Infinity]) {
    t.throws(() => store.bookings.list({}, { limit }, []), RangeError, `limit ${limit}`)
  }
})
