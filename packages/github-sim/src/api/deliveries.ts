import type { FastifyInstance } from 'fastify'
import type { SimContext } from '../context.ts'
import { GitHubError, notFound, validationFailed } from '../errors.ts'
import { deliveryDetail, deliveryItem } from '../shapes/hook.ts'
import { adminRepo } from './access.ts'
import { findHook } from './hooks.ts'
import { selfUrl } from './paging.ts'

interface DeliveriesQuery {
  per_page?: string
  cursor?: string
  status?: string
}

const DOCS = 'https://docs.github.com/rest/repos/webhooks#list-deliveries-for-a-repository-webhook'

/** A hook's deliveries (newest first, cursor paging) and redelivery, as GitHub serves them. */
export function deliveryRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get('/repos/:owner/:repo/hooks/:hook_id/deliveries', async (req, reply) => {
    const { repo } = adminRepo(ctx, req, false)
    const hook = findHook(repo, req)
    const query = req.query as DeliveriesQuery
    const perPage = Math.min(100, Math.max(1, Number.parseInt(query.per_page ?? '30', 10) || 30))
    let before = Number.POSITIVE_INFINITY
    if (query.cursor !== undefined) {
      const match = query.cursor.match(/^v1_(\d+)$/)
      if (!match) throw new GitHubError(400, 'Invalid cursor', { documentationUrl: DOCS })
      before = Number(match[1])
    }
    if (query.status !== undefined && query.status !== 'success' && query.status !== 'failure') {
      throw validationFailed([{ resource: 'HookDelivery', field: 'status', code: 'invalid' }], DOCS)
    }
    const all = ctx.store.deliveries
      .filter((delivery) => delivery.hookId === hook.id && delivery.id < before)
      .filter((delivery) => {
        if (query.status === undefined) return true
        const ok = delivery.statusCode >= 200 && delivery.statusCode < 300
        return query.status === 'success' ? ok : !ok
      })
      .sort((a, b) => b.id - a.id)
    const page = all.slice(0, perPage)
    const last = page.at(-1)
    if (all.length > perPage && last) reply.header('link', `<${selfUrl(ctx, req, { per_page: String(perPage), cursor: `v1_${last.id}` })}>; rel="next"`)
    return page.map(deliveryItem)
  })

  const findDelivery = (hookId: number, id: string) => {
    const delivery = /^\d+$/.test(id) ? ctx.store.deliveries.find((candidate) => candidate.hookId === hookId && candidate.id === Number(id)) : undefined
    if (!delivery) throw notFound()
    return delivery
  }

  app.get('/repos/:owner/:repo/hooks/:hook_id/deliveries/:delivery_id', async (req) => {
    const { repo } = adminRepo(ctx, req, false)
    const hook = findHook(repo, req)
    return deliveryDetail(findDelivery(hook.id, (req.params as { delivery_id: string }).delivery_id))
  })

  app.post('/repos/:owner/:repo/hooks/:hook_id/deliveries/:delivery_id/attempts', async (req, reply) => {
    const { repo } = adminRepo(ctx, req, true)
    const hook = findHook(repo, req)
    const delivery = findDelivery(hook.id, (req.params as { delivery_id: string }).delivery_id)
    void ctx.sender.send(repo, hook, delivery.event, delivery.request.payload, delivery)
    return reply.code(202).send({})
  })
}
