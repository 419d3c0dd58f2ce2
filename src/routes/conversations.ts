// The /_mock controls that play a website visitor talking to a chatbot: a
// conversation starts, then closes, is abandoned, or ends with a booking. Each step
// sends its conversation event to subscribers.

import type { FastifyInstance } from 'fastify'
import { serve } from '../http/operation.ts'

/** The conversation control routes. */
export async function conversationRoutes (app: FastifyInstance): Promise<void> {
  const { store } = app

  serve(app, 'mockStartConversation', async function mockStartConversation (request, reply) {
    // Faker is loaded with the first conversation, not at start-up.
    const { startConversation } = await import('../control/conversation.ts')
    return reply.code(201).send(startConversation(store, request.body))
  })

  serve(app, 'mockCloseConversation', async function mockCloseConversation (request) {
    return store.conversations.close(request.params.id)
  })

  serve(app, 'mockAbandonConversation', async function mockAbandonConversation (request) {
    return store.conversations.abandon(request.params.id)
  })

  serve(app, 'mockBookConversation', async function mockBookConversation (request, reply) {
    const [{ conversationBooking }, { newBooking }] = await Promise.all([import('../control/conversation.ts'), import('../control/new-booking.ts')])
    const ended = store.conversations.book(request.params.id, (conversation) => conversationBooking(store, conversation, request.body, newBooking))
    return reply.code(201).send({ object: 'conversation_booking' as const, ...ended })
  })
}
