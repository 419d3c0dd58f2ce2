// What the webhook tests share: a fast retry schedule, a subscribed receiver, the
// delivery log, and a poll for what arrives off the request path.

import type { Test } from 'tap'
import { client, type Client } from './app.ts'
import { startReceiver, type Receiver } from './webhook-receiver.ts'

// Retries after 20, 100, 500 ms ... within a minute on the mock's clock. The timeout
// is generous so that a loaded machine never turns a slow answer into a failure.
export const FAST = { ONCEHUB_MOCK_WEBHOOK_RETRY_BASE_MS: '20', ONCEHUB_MOCK_WEBHOOK_RETRY_WINDOW_MS: '60000', ONCEHUB_MOCK_WEBHOOK_TIMEOUT_MS: '5000' }

/** A POST with a JSON body. */
export const post = async (api: Client, url: string, payload?: object) => await api.request({ method: 'POST', url, payload })

/** A receiver, closed when the test ends, subscribed to `events` under `name`. */
export async function subscribe (t: Test, api: Client, name: string, events: string[] = ['booking']): Promise<{ receiver: Receiver, webhook: any }> {
  const receiver = await startReceiver(t)
  t.teardown(() => receiver.close())
  const res = await post(api, '/v2/webhooks', { name, url: receiver.url, events })
  t.equal(res.statusCode, 200)
  return { receiver, webhook: res.json() }
}

/** An app on the fast schedule (with `env`) and one subscribed receiver. */
export async function setup (t: Test, events: string[] = ['booking'], env: Record<string, string> = {}): Promise<{ api: Client, receiver: Receiver, webhook: any }> {
  const api = await client(t, { ...FAST, ...env })
  return { api, ...await subscribe(t, api, 'Test receiver', events) }
}

/** The delivery log, newest first (`query` adds filters: `&webhook=…`). */
export async function deliveries (api: Client, query = ''): Promise<any[]> {
  return (await api.get(`/_mock/webhook-deliveries?limit=100${query}`)).json().data
}

/** Polls `check` until it gives a value; fails after `timeoutMs`. */
export async function eventually<T> (check: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}
