import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { ActivityMessage } from '@gwm/queue'
import Type from 'typebox'
import { SECURITY } from '../../lib/auth/security.ts'
import type { Visibility } from '../../lib/events/access.ts'
import { errors } from '../schemas.ts'

const HEARTBEAT_MS = 15_000
const REFRESH_MS = 30_000

const idOf = (message: ActivityMessage) => {
  if (message.type === 'event.stored') return message.eventId
  if (message.type === 'request.platform_status') return `${message.requestId}:platform:${message.statusId}`
  return `${message.requestId}:${message.status}:${message.attempts}`
}

const sse = (message: ActivityMessage) => `event: ${message.type}\nid: ${idOf(message)}\ndata: ${JSON.stringify(message)}\n\n`

/**
 * Server-Sent Events: `event.stored` for each new event, `request.status` for each callback
 * status change and `request.platform_status` for each status the platform reports, only for
 * repositories the caller may see. Missed something (a
 * reconnect)? Re-read GET /api/events: the stream carries no history.
 */
const route: FastifyPluginAsyncTypebox = async (app) => {
  const { eventsAccess: access, activityFeed: feed } = app
  // Open streams never end on their own: end them when the server closes, or close would wait forever.
  const open = new Set<() => void>()
  app.addHook('preClose', async () => {
    for (const end of open) end()
  })

  app.get('/api/events/stream', {
    preHandler: app.requireUserOrPlatform,
    config: { rateLimit: false },
    schema: {
      tags: ['events'],
      summary: 'Live stream (text/event-stream) of new events, callback status changes and the platform\'s deployment statuses',
      security: SECURITY.userOrPlatform,
      response: { 200: Type.String({ description: 'event: event.stored | request.status | request.platform_status, data: JSON' }), ...errors(401, 429) },
    },
  }, async (req, reply) => {
    let visible: Visibility = await access.visibility(req)
    let refreshedAt = Date.now()
    const allowed = (repositoryId: string | null) => visible.all || (repositoryId !== null && visible.repositoryIds.includes(repositoryId))

    reply.hijack()
    const res = reply.raw
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no',
      // The socket closes with the stream, so a closing server never waits on it as an idle keep-alive.
      connection: 'close' })
    const send = (text: string) => {
      if (!res.writableEnded && !res.destroyed) res.write(text)
    }
    const stop = await feed.listen((message) => {
      if (allowed(message.repositoryId)) return send(sse(message))
      // A repository connected after the stream opened: look again, at most every 30 s.
      if (visible.all || Date.now() - refreshedAt < REFRESH_MS) return
      refreshedAt = Date.now()
      access.visibility(req).then((next) => {
        visible = next
        if (allowed(message.repositoryId)) send(sse(message))
      }, () => {})
    })
    send('retry: 3000\n: connected\n\n')
    const heartbeat = setInterval(() => send(': ping\n\n'), HEARTBEAT_MS)
    const end = () => {
      clearInterval(heartbeat)
      stop()
      open.delete(end)
      // Ends the stream and its socket: a client that stopped reading cannot hold up a closing server.
      if (!res.writableEnded) res.end(() => res.socket?.destroy())
    }
    open.add(end)
    res.on('close', end)
  })
}
export default route
