// The signature recipes of docs/webhooks.md, taken as written and run against a real
// delivery: a recipe that drifts from what the mock sends fails here.

import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { client } from '../helpers/app.ts'
import { startReceiver } from '../helpers/webhook-receiver.ts'

const page = readFileSync(new URL('../../docs/webhooks.md', import.meta.url), 'utf8')

function codeBlock (language: string, containing: string): string {
  const blocks = [...page.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!)
  const block = blocks.find((b) => b.includes(containing))
  if (block === undefined) throw new Error(`docs/webhooks.md has no ${language} block with ${containing}`)
  return block
}

t.test('the signature recipes verify a real delivery', async (t) => {
  const api = await client(t)
  const receiver = await startReceiver(t)
  t.teardown(() => receiver.close())
  const { secret } = (await api.request({ method: 'POST', url: '/v2/webhooks', payload: { name: 'Recipes', url: receiver.url, events: ['booking'] } })).json()
  await api.request({ method: 'POST', url: '/_mock/bookings', payload: {} })
  const [delivery] = await receiver.waitFor(1)
  const header = String(delivery!.headers['oncehub-signature'])
  const body = delivery!.body
  const dir = t.testdir()

  const jsFile = join(dir, 'verify.mjs')
  writeFileSync(jsFile, codeBlock('js', 'verifyOncehubSignature'))
  const { verifyOncehubSignature } = await import(jsFile) as { verifyOncehubSignature: (h: string, b: string, s: string) => boolean }
  t.equal(verifyOncehubSignature(header, body, secret), true, 'Node: a genuine delivery verifies')
  t.equal(verifyOncehubSignature(header, body.replace('"booking"', '"bookinG"'), secret), false, 'Node: a changed body does not')
  t.equal(verifyOncehubSignature(header, body, 'f'.repeat(32)), false, 'Node: another secret does not')

  writeFileSync(join(dir, 'verify.py'), codeBlock('python', 'verify_oncehub_signature') + `
import os, sys
ok = verify_oncehub_signature(os.environ["SIG"], sys.stdin.buffer.read(), os.environ["SECRET"])
print("yes" if ok else "no")
`)
  const python = (input: string, secretKey: string) =>
    execFileSync('python3', [join(dir, 'verify.py')], { input, env: { PATH: process.env.PATH, SIG: header, SECRET: secretKey } }).toString().trim()
  t.equal(python(body, secret), 'yes', 'Python: a genuine delivery verifies')
  t.equal(python(body + ' ', secret), 'no', 'Python: a changed body does not')
})
