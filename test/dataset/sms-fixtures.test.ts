// Seeded SMS notifications in fixtures files: each is about a seeded booking and sent
// to its contact or its host; a file made before they existed still loads; a broken
// one is refused, naming the notification.

import t from 'tap'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DEFAULT_FIXTURES_PATH } from '../../src/config.ts'
import { loadFixtures } from '../../src/dataset/load.ts'
import { datasetProblem } from '../../src/dataset/validate.ts'
import type { Dataset } from '../../src/store/types.ts'

const REF = '2026-01-01T00:00:00Z'

t.test('every seeded notification goes to its booking\'s contact or host, before the meeting', async (t) => {
  const data = JSON.parse(await readFile(DEFAULT_FIXTURES_PATH, 'utf8')) as Dataset
  const bookings = new Map(data.bookings.map((b) => [b.id, b]))
  const wrong = data.sms_notifications.filter((sms) => {
    const booking = bookings.get(sms.booking)
    if (booking === undefined || booking.status === 'requested') return true
    const to = sms.recipient_type === 'contact' ? booking.contact : booking.hosts[0]
    const late = sms.type === 'booking_reminder' && sms.creation_time >= booking.starting_time
    return sms.recipient !== to || late || (sms.recipient_type === 'contact' && sms.details.delivered_to !== booking.form_submission.mobile_phone)
  })
  t.strictSame(wrong.map((sms) => sms.id), [])
  t.ok(['booking_confirmation', 'booking_reminder', 'booking_cancellation'].every((type) => data.sms_notifications.some((sms) => sms.type === type)), 'every type is seeded')
})

t.test('a file without SMS notifications loads, and a broken one is refused', async (t) => {
  const good = JSON.parse(await readFile(DEFAULT_FIXTURES_PATH, 'utf8')) as Dataset
  const older: Partial<Dataset> = structuredClone(good)
  delete older.sms_notifications
  const path = join(t.testdir(), 'older.json')
  await writeFile(path, JSON.stringify(older))
  t.strictSame((await loadFixtures(path, REF)).sms_notifications, [], 'a file made before them has none')
  const cases: Array<[string, (d: Dataset) => void, string]> = [
    ['an unknown booking', (d) => { d.sms_notifications[0]!.booking = 'BKNG-NOBODY000000' }, "sms_notifications[0].booking: no bookings object has the ID 'BKNG-NOBODY000000'"],
    ['an unknown recipient', (d) => { d.sms_notifications[1]!.recipient = 'CTC-NOBODY0000' },
      `sms_notifications[1].recipient: no ${good.sms_notifications[1]!.recipient_type}s object has the ID 'CTC-NOBODY0000'`],
    ['a bad status', (d) => { (d.sms_notifications[2] as { status: string }).status = 'lost' }, 'sms_notifications[2].status: must be equal to one of the allowed values']
  ]
  for (const [name, breakIt, problem] of cases) {
    const broken = structuredClone(good)
    breakIt(broken)
    t.equal(await datasetProblem(broken), problem, name)
  }
})
