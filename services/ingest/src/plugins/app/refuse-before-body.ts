import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { checkBeforeBody } from '../../lib/check-before-body.ts'
import { redisTooSlow } from '../../lib/unavailable.ts'
import { withDeadline } from '../../lib/with-deadline.ts'

/**
 * Answers, before the body is read, every request the headers already condemn
 * (lib/check-before-body.ts). Registered in the webhook routes' scope, after the overload
 * shedding, so its errors are answered and counted as the route's own.
 */
async function refuseBeforeBody(app: FastifyInstance, { maxBodyBytes, timeoutMs }: { maxBodyBytes: number; timeoutMs: number }) {
  app.addHook('onRequest', async (req) => {
    await withDeadline(checkBeforeBody(req.headers, app.secretSources, maxBodyBytes), timeoutMs, () => redisTooSlow(timeoutMs))
  })
}

export default fp(refuseBeforeBody, { name: 'refuse-before-body', dependencies: ['secret-sources'] })
