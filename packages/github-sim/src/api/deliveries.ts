import type { FastifyInstance } from 'fastify'
import type { SimContext } from '../context.ts'
import { deliveryDetail } from '../shapes/hook.ts'
import { adminRepo } from './access.ts'
import { findDelivery, listDeliveries, redeliver } from './delivery-list.ts'
import { findHook } from './hooks.ts'

const DOCS = 'https://docs.github.com/rest/repos/webhooks#list-deliveries-for-a-repository-webhook'

/** A repository hook's deliveries (newest first, cursor paging) and redelivery, as GitHub serves them. */
export function deliveryRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get('/repos/:owner/:repo/hooks/:hook_id/deliveries', async (req, reply) => {
    const { repo } = adminRepo(ctx, req, false)
    return listDeliveries(ctx, req, reply, findHook(repo, req).id, DOCS)
  })

  app.get('/repos/:owner/:repo/hooks/:hook_id/deliveries/:delivery_id', async (req) => {
    const { repo } = adminRepo(ctx, req, false)
    const hook = findHook(repo, req)
    return deliveryDetail(findDelivery(ctx, hook.id, (req.params as { delivery_id: string }).delivery_id))
  })

  app.post('/repos/:owner/:repo/hooks/:hook_id/deliveries/:delivery_id/attempts', async (req, reply) => {
    const { repo } = adminRepo(ctx, req, true)
    const hook = findHook(repo, req)
    return redeliver(ctx, reply, findDelivery(ctx, hook.id, (req.params as { delivery_id: string }).delivery_id))
  })
}
