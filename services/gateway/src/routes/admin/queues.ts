import { createBullBoard } from '@bull-board/api'
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter'
import { FastifyAdapter } from '@bull-board/fastify'
import type { FastifyPluginAsync } from 'fastify'

/**
 * Bull-board's UI renders its loading screen with inline styles: its pages, and only its, allow
 * them. Scripts still come from the gateway only; its web font (a Google CDN) stays blocked.
 */
const BOARD_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"

/** /admin/queues: every BullMQ queue of the catalog in bull-board (jobs, failures, retries). */
const queues: FastifyPluginAsync = async (app) => {
  const board = new FastifyAdapter()
  board.setBasePath(app.prefix)
  createBullBoard({
    queues: app.operations.queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'GitHub Webhook Manager' } },
  })
  app.addHook('onSend', async (_req, reply) => {
    reply.header('content-security-policy', BOARD_CSP)
  })
  await app.register(board.registerPlugin())
}
export default queues
