import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DeploymentRequest, type IDeploymentRequest, wentInstead } from '@gwm/domain'
import { HttpError } from '@gwm/runtime'
import { SECURITY } from '../../lib/auth/security.ts'
import { eventsByStatus } from '../../lib/events/events-by-status.ts'
import { eventsListQuery } from '../../lib/events/list-query.ts'
import { receiptRange } from '../../lib/events/receipt-range.ts'
import { repositoryScope } from '../../lib/events/repository-scope.ts'
import { redeliveredIds } from '../../lib/events/redelivered.ts'
import { decodeCursor, encodeCursor } from '../../lib/http/time-cursor.ts'
import { errors } from '../schemas.ts'
import { EventsBody, EventsQuery } from './schemas.ts'
import { eventFields, requestItem, supersededIds } from './serialize.ts'

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/events', {
    preHandler: app.requireUserOrPlatform,
    schema: {
      operationId: 'listEvents',
      tags: ['events'],
      summary: 'GitHub events received, newest first',
      description: 'Filter by repository, event, status and a time range (since, until); page with cursor. A user sees the repositories they administer on GitHub now (asked with their token, remembered for EVENTS_ACCESS_TTL_MS; 503 when GitHub cannot be asked); the platform sees all.',
      security: SECURITY.userOrPlatform,
      querystring: EventsQuery,
      response: { 200: EventsBody, ...errors(400, 401, 429, 503) },
    },
  }, async (req) => {
    const { repo, event, status, decision, since, until, cursor, limit } = req.query
    if (since && until && new Date(until) <= new Date(since)) throw new HttpError(400, 'validation_failed', 'until must be later than since: the range would hold no event')
    const after = cursor ? decodeCursor(cursor) : undefined
    const seen = await app.eventsAccess.visibility(req)
    const visible = repo ? await repositoryScope(req.em, seen, repo) : seen
    if (!visible.all && visible.repositoryIds.length === 0) return { events: [], nextCursor: null }

    const filter = { event, status, decision, since, until, after, limit }
    const rows = status ? await eventsByStatus(req.em, visible, { ...filter, status }) : await eventsListQuery(req.em, visible, filter).getResultList()

    const page = rows.slice(0, limit)
    // A request carries its event's receipt time: bounded by the page's, only its days' partitions are read.
    const requests = page.length ? await req.em.find(DeploymentRequest, { event: { $in: page.map((row) => row.id) }, receivedAt: receiptRange(page) }, { orderBy: { createdAt: 'asc' } }) : []
    const byEvent = Map.groupBy(requests, (request: IDeploymentRequest) => request.event.id)
    const redelivered = await redeliveredIds(req.em, page.map((row) => row.deliveryId))
    const went = await wentInstead(req.em, supersededIds(requests))
    const last = page.at(-1)
    return {
      events: page.map((row) => {
        const own = byEvent.get(row.id) ?? []
        return { ...eventFields(row, own, redelivered.has(row.deliveryId)), requests: own.map((request) => requestItem(request, went)) }
      }),
      nextCursor: rows.length > limit && last ? encodeCursor(last.receivedAt, last.id) : null,
    }
  })
}
export default route
