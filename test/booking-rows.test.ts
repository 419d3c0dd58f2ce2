// How a booking is stored (src/store/booking-rows.ts): its JSON is the API's, and a
// list page takes each booking's ID from a fixed place in that JSON.

import t from 'tap'
import { generateDataset } from '../src/fixtures/generate.ts'
import { bodyId, bookingRow } from '../src/store/booking-rows.ts'
import { createStore } from '../src/store/store.ts'

const dataset = generateDataset({ seed: 11, bookings: 300, referenceDate: '2026-12-02T00:00:00Z' })

t.test('the stored JSON is the booking, and its ID is where bodyId reads it', async (t) => {
  const wrong = dataset.bookings.filter(({ hosts: _hosts, ...booking }) => {
    const { body } = bookingRow(booking)
    return bodyId(body) !== booking.id || JSON.stringify(JSON.parse(body)) !== JSON.stringify(booking)
  })
  t.strictSame(wrong.map((booking) => booking.id), [], 'for every booking of a generated dataset')
})

t.test('list pages name each booking by the ID in its JSON, forwards and backwards', async (t) => {
  const store = createStore(null)
  t.teardown(() => store.close())
  store.load(dataset)
  for (const expand of [[], ['owner', 'contact']] as const) {
    const first = store.listBookingsJson({}, { limit: 7 }, expand)
    const second = store.listBookingsJson({}, { limit: 7, after: first.data.at(-1)!.id }, expand)
    const back = store.listBookingsJson({}, { limit: 7, before: second.data[0]!.id }, expand)
    for (const page of [first, second, back]) {
      t.strictSame(page.data.map((booking) => booking.id), page.data.map((booking) => JSON.parse(booking.json).id), `expand [${expand.join(',')}]`)
    }
    t.strictSame(back.data.map((booking) => booking.id), first.data.map((booking) => booking.id), 'back where it started')
    t.ok(second.hasPrevious && second.hasNext && back.hasNext && !back.hasPrevious, 'with the right neighbours')
  }
})
