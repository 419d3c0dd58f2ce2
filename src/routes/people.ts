// The writes of the account's people: POST, PATCH and DELETE of contacts and users.
// Each is one transaction in the store, checked there with OnceHub's messages.

import type { FastifyInstance } from 'fastify'
import { errors } from '../errors.ts'
import { serve } from '../http/operation.ts'

/** The contact and user write routes. */
export async function peopleRoutes (app: FastifyInstance): Promise<void> {
  const { store } = app

  serve(app, 'createContact', async function createContact (request, reply) {
    return reply.code(201).send(store.contacts.create(request.body))
  })

  serve(app, 'updateContact', async function updateContact (request) {
    return store.contacts.update(request.params.id, request.body)
  })

  serve(app, 'deleteContact', async function deleteContact (request) {
    const { id } = request.params
    if (!store.contacts.delete(id)) throw errors.noSuchObject('contact', id)
    return { id, deleted: true as const }
  })

  serve(app, 'createUser', async function createUser (request) {
    return store.users.invite(request.body)
  })

  serve(app, 'updateUser', async function updateUser (request) {
    return store.users.update(request.params.id, request.body)
  })

  serve(app, 'deleteUser', async function deleteUser (request) {
    const { id } = request.params
    store.users.delete(id)
    return { id, deleted: true as const }
  })
}
