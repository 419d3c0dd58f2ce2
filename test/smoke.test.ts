import t from 'tap'
import { client } from './helper.ts'

t.test('lists bookings', async (t) => {
  const api = await client(t)
  const res = await api.get('/v2/bookings?limit=3&expand=owner,contact,conversation,booking_page,master_page,event_type')
  t.equal(res.statusCode, 200)
  t.equal(res.json().data.length, 3)
})
