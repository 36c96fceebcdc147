import type { FastifyReply, FastifyRequest } from 'fastify'
import type { SimContext } from '../context.ts'
import { GitHubError, notFound, validationFailed } from '../errors.ts'
import type { Delivery } from '../model.ts'
import { deliveryItem } from '../shapes/hook.ts'
import { selfUrl } from './paging.ts'

interface DeliveriesQuery {
  per_page?: string
  cursor?: string
  status?: string
}

/** A hook's deliveries as GitHub lists them (repository hooks and App hooks alike): newest first, cursor paging, status filter. */
export function listDeliveries(ctx: SimContext, req: FastifyRequest, reply: FastifyReply, hookId: number, docs: string): Record<string, unknown>[] {
  const query = req.query as DeliveriesQuery
  const perPage = Math.min(100, Math.max(1, Number.parseInt(query.per_page ?? '30', 10) || 30))
  let before = Number.POSITIVE_INFINITY
  if (query.cursor !== undefined) {
    const match = query.cursor.match(/^v1_(\d+)$/)
    if (!match) throw new GitHubError(400, 'Invalid cursor', { documentationUrl: docs })
    before = Number(match[1])
  }
  if (query.status !== undefined && query.status !== 'success' && query.status !== 'failure') {
    throw validationFailed([{ resource: 'HookDelivery', field: 'status', code: 'invalid' }], docs)
  }
  const all = ctx.store.deliveries
    .filter((delivery) => delivery.hookId === hookId && delivery.id < before)
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
}

/** One delivery of a hook, or 404. */
export function findDelivery(ctx: SimContext, hookId: number, id: string): Delivery {
  const delivery = /^\d+$/.test(id) ? ctx.store.deliveries.find((candidate) => candidate.hookId === hookId && candidate.id === Number(id)) : undefined
  if (!delivery) throw notFound()
  return delivery
}

/** Starts a redelivery (same GUID) and answers 202 `{}` at once, as GitHub does. */
export function redeliver(ctx: SimContext, reply: FastifyReply, delivery: Delivery) {
  const attempt = ctx.sender.redeliver(delivery)
  if (!attempt) throw notFound()
  void attempt
  return reply.code(202).send({})
}
