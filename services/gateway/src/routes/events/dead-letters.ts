import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DeadLetter } from '@gwm/domain'
import { SECURITY } from '../../lib/auth/security.ts'
import { deadLetterFilter, deadLetterItem, findVisibleDeadLetter } from '../../lib/events/dead-letters.ts'
import { decodeCursor, encodeCursor } from '../../lib/http/time-cursor.ts'
import { errors } from '../schemas.ts'
import { DeadLetterDetail, DeadLetterParams, DeadLettersBody, DeadLettersQuery } from './dead-letter-schemas.ts'

/** Deliveries the worker gave up storing: listed newest failure first, and one with its raw payload. */
const route: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/events/dead-letters', {
    onRequest: app.requireUserOrPlatform,
    schema: {
      operationId: 'listDeadLetters',
      tags: ['events'],
      summary: 'Deliveries the worker gave up storing, newest failure first',
      description: 'A delivery that failed to be stored for EVENTS_RETRY_BUDGET_MS (or could never be stored) is kept here with why, until it is replayed. Page with cursor. A user sees those of repositories whose events they may see; the platform sees all.',
      security: SECURITY.userOrPlatform,
      querystring: DeadLettersQuery,
      response: { 200: DeadLettersBody, ...errors(400, 401, 429, 503) },
    },
  }, async (req) => {
    const { replayed, cursor, limit } = req.query
    const filter = await deadLetterFilter(req.em, await app.eventsAccess.visibility(req))
    if (!filter) return { deadLetters: [], nextCursor: null }
    const qb = req.em
      .qb(DeadLetter, 'd')
      .select(['*'])
      .where({ ...filter, ...(replayed === undefined ? {} : { replayedAt: replayed ? { $ne: null } : null }) })
      .orderBy({ lastFailedAt: 'desc', id: 'desc' })
      .limit(limit + 1)
    if (cursor) qb.andWhere('(d.last_failed_at, d.id) < (?, ?)', decodeCursor(cursor))
    qb.select(['d.id', 'd.jobId', 'd.deliveryId', 'd.hookId', 'd.event', 'd.action', 'd.repositoryGithubId', 'd.headers', 'd.receivedAt', 'd.error', 'd.attempts', 'd.firstFailedAt', 'd.lastFailedAt', 'd.replayedAt'])
    const rows = await qb.getResultList()
    const page = rows.slice(0, limit)
    const sizes = page.length === 0 ? [] : await req.em.getConnection().execute<Array<{ id: string; bytes: number }>>(
      'select id, coalesce(octet_length(payload), 0)::int as bytes from dead_letters where id in (?)', [page.map((row) => row.id)])
    const bytes = new Map(sizes.map((row) => [row.id, row.bytes]))
    const last = page.at(-1)
    return {
      deadLetters: page.map((row) => deadLetterItem(row, bytes.get(row.id) ?? 0)),
      nextCursor: rows.length > limit && last ? encodeCursor(last.lastFailedAt, last.id) : null,
    }
  })

  app.get('/api/events/dead-letters/:id', {
    onRequest: app.requireUserOrPlatform,
    schema: {
      operationId: 'getDeadLetter',
      tags: ['events'],
      summary: 'One dead letter, with the raw payload as it was queued',
      security: SECURITY.userOrPlatform,
      params: DeadLetterParams,
      response: { 200: DeadLetterDetail, ...errors(400, 401, 404, 429, 503) },
    },
  }, async (req) => {
    const letter = await findVisibleDeadLetter(req.em, req.params.id, await app.eventsAccess.visibility(req))
    return { ...deadLetterItem(letter, letter.payload?.length ?? 0), payload: letter.payload?.toString('utf8') ?? null }
  })
}
export default route
