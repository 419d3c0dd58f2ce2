// GET /v2/test: the API key check.

import type { FastifyInstance } from 'fastify'
import { serve } from '../http/operation.ts'

/** The account routes. */
export async function accountRoutes (app: FastifyInstance): Promise<void> {
  serve(app, 'testApiKey', async function testApiKey () {
    return { message: `The API key is valid for account: ${app.store.dataset.info().accountEmail}` }
  })
}
