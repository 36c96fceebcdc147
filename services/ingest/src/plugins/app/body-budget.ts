import { Transform } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { createBodyBudget } from '../../lib/body-budget.ts'

/**
 * Counts every chunk of a webhook body against one budget for the process (lib/body-budget.ts)
 * as it arrives, before Fastify buffers it. Registered in the webhook routes' scope.
 */
async function bodyBudget(app: FastifyInstance, { limitBytes }: { limitBytes: number }) {
  const budget = createBodyBudget(limitBytes)
  app.addHook('preParsing', async (_req, reply, payload) => {
    const share = budget.open()
    reply.raw.once('close', share.release)
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        try {
          share.take(chunk.length)
          done(null, chunk)
        } catch (error) {
          done(error as Error)
        }
      },
    })
    // pipe, not pipeline: a refused body must not destroy the socket its 503 goes out on.
    return payload.pipe(counted)
  })
}

export default fp(bodyBudget, { name: 'body-budget' })
