import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { type ActivityEntry, compareActivityIds } from '@gwm/queue'
import { HttpError } from '@gwm/runtime'
import Type from 'typebox'
import { SECURITY } from '../../lib/auth/security.ts'
import type { Visibility } from '../../lib/events/access.ts'
import { streamSlots } from '../../lib/events/stream-slots.ts'
import { errors } from '../schemas.ts'
import { StreamHeaders, StreamQuery } from './schemas.ts'

const HEARTBEAT_MS = 15_000
const LOOK_AGAIN_MS = 1_000
/** setTimeout's longest wait; a session that outlives it is still ended by the periodic re-check. */
const MAX_TIMER_MS = 2 ** 31 - 1

/** Why a stream ended, sent as its last message (`stream.end`). */
type EndReason = 'session_ended' | 'access_changed' | 'github_unavailable' | 'recheck_failed' | 'feed_unavailable' | 'server_closing' | 'client_closed'

/** Each entry's text, made once however many streams send it (the feed hands every stream the same entry). */
const sseTexts = new WeakMap<ActivityEntry, string>()

/** The id is the activity stream's entry id: it orders the messages, and a reconnect resumes after it. */
function sse(entry: ActivityEntry): string {
  let text = sseTexts.get(entry)
  if (text === undefined) {
    text = `event: ${entry.message.type}\nid: ${entry.id}\ndata: ${JSON.stringify(entry.message)}\n\n`
    sseTexts.set(entry, text)
  }
  return text
}

/** Told to a client whose Last-Event-ID the stream can no longer resume from; its id is where it goes on. */
const resetMessage = (from: string, latest: string) => `event: stream.reset\nid: ${latest}\ndata: ${JSON.stringify({
  reason: 'history_unavailable',
  message: `what happened after ${from} is no longer kept for the stream: re-read GET /api/events; the stream goes on from here`,
})}\n\n`

const visibleSet = (visible: Visibility) => (visible.all ? null : new Set(visible.repositoryIds))

/** True when `next` lacks a repository `before` had: the stream ends rather than narrow quietly. */
const narrowed = (before: Set<string> | null, next: Set<string> | null) =>
  next !== null && (before === null || [...before].some((id) => !next.has(id)))

function endReason(err: unknown): EndReason {
  if (err instanceof HttpError && err.statusCode === 401) return 'session_ended'
  if (err instanceof HttpError && err.statusCode === 503) return 'github_unavailable'
  return 'recheck_failed'
}

/**
 * Server-Sent Events: `event.stored` for each new event, `request.status` for each callback
 * status change and `request.platform_status` for each status the platform reports, only for
 * repositories the caller may see, in the activity stream's order. A client that reconnects with
 * `Last-Event-ID` (or `?lastEventId=`) is first sent what it may see of what came after that id,
 * then the live messages, none twice; an id the activity stream no longer reaches back to gets
 * `event: stream.reset` (re-read GET /api/events) and the stream goes on from the newest message.
 *
 * Every EVENTS_STREAM_RECHECK_MS the session is read again as every route reads it and what the
 * user may see is asked again; a stream ends (`stream.end`, with its reason) at session expiry,
 * sign-out, lost access or when GitHub cannot be asked.
 */
const route: FastifyPluginAsyncTypebox = async (app) => {
  const { eventsAccess: access, activityFeed: feed, config } = app
  const slots = streamSlots({ perUser: config.EVENTS_STREAM_MAX_PER_USER, perProcess: config.EVENTS_STREAM_MAX_PER_PROCESS })
  // Open streams never end on their own: end them when the server closes, or close would wait forever.
  const open = new Set<(reason: EndReason) => void>()
  app.addHook('preClose', async () => {
    for (const end of open) end('server_closing')
  })

  app.get('/api/events/stream', {
    // Who is asking comes before what they sent: without a session or token the answer is 401, whatever the id.
    onRequest: app.requireUserOrPlatform,
    schema: {
      operationId: 'streamEvents',
      tags: ['events'],
      summary: 'Live stream (text/event-stream) of new events, callback status changes and the platform\'s deployment statuses',
      description: 'Each message\'s `id` orders it. Reconnecting with `Last-Event-ID` (EventSource sends it on its own) or `?lastEventId=` ' +
        '(the header wins when both are sent) first sends what came after that id, then goes on live, nothing lost or repeated; when the ' +
        'stream no longer reaches back that far (it keeps about the last 10,000 messages) it sends `event: stream.reset` instead: re-read ' +
        'GET /api/events. At most EVENTS_STREAM_MAX_PER_USER open streams per user (429 beyond). The stream ends with `event: stream.end` ' +
        'and its reason when the session ends or the user\'s access changes.',
      security: SECURITY.userOrPlatform,
      headers: StreamHeaders,
      querystring: StreamQuery,
      response: {
        200: {
          description: 'Server-Sent Events: `event: event.stored | request.status | request.platform_status | stream.reset | stream.end`, `id:` (not on stream.end), `data:` JSON',
          content: { 'text/event-stream': { schema: Type.String() } },
        },
        ...errors(401, 429, 503),
      },
    },
  }, async (req, reply) => {
    const resumeFrom = req.headers['last-event-id'] ?? req.query.lastEventId ?? null
    let visible = visibleSet(await access.visibility(req))
    const principal = req.principal
    const release = slots.take(principal?.kind === 'user' ? principal.user.id : null)
    const allowed = (repositoryId: string | null) => visible === null || (repositoryId !== null && visible.has(repositoryId))

    reply.hijack()
    const res = reply.raw
    // Hijacked, the reply no longer sends the headers hooks set on it (security, CORS, rate limit): send them here.
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) res.setHeader(name, value)
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no',
      // The socket closes with the stream, so a closing server never waits on it as an idle keep-alive.
      connection: 'close' })
    const send = (text: string) => {
      if (!res.writableEnded && !res.destroyed) res.write(text)
    }

    let ended = false
    let checking = false
    let refreshedAt = Date.now()
    /** Repositories of messages passed over since the last look at what the caller may see. */
    const passedOver = new Set<string>()
    const timers: Array<NodeJS.Timeout> = []
    let stop = () => {}
    const end = (reason: EndReason) => {
      if (ended) return
      ended = true
      for (const timer of timers) clearTimeout(timer)
      stop()
      release()
      open.delete(end)
      send(`event: stream.end\ndata: ${JSON.stringify({ reason })}\n\n`)
      // Ends the stream and its socket: a client that stopped reading cannot hold up a closing server.
      if (!res.writableEnded) res.end(() => res.socket?.destroy())
    }
    open.add(end)
    res.on('close', () => end('client_closed'))

    /** Asks again what the caller may see; with `session`, first reads the session again as the routes do. */
    const recheck = async (session: boolean) => {
      if (checking || ended) return
      checking = true
      try {
        if (session) {
          req.em = req.em.fork()
          await app.requireUserOrPlatform(req, reply)
        }
        const next = visibleSet(await access.visibility(req))
        refreshedAt = Date.now()
        passedOver.clear()
        if (narrowed(visible, next)) return end('access_changed')
        visible = next
      } catch (err) {
        req.log.info({ err }, 'events stream: re-check failed, ending the stream')
        end(endReason(err))
      } finally {
        checking = false
      }
    }

    // Everything at or before `position` was sent or passed over: a message is handled once, in order.
    let position = '0-0'
    let sentId: string | null = null
    const forward = (entry: ActivityEntry) => {
      sentId = entry.id
      send(sse(entry))
    }
    const deliver = async (entry: ActivityEntry) => {
      if (ended || compareActivityIds(entry.id, position) <= 0) return
      position = entry.id
      const { repositoryId } = entry.message
      if (allowed(repositoryId)) return forward(entry)
      // Maybe a repository connected after the stream opened: look again once per repository not
      // yet looked at, at most every LOOK_AGAIN_MS (the admin list is cached; this reads its rows).
      if (visible === null || repositoryId === null || passedOver.has(repositoryId)) return
      const wait = refreshedAt + LOOK_AGAIN_MS - Date.now()
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      await recheck(false)
      if (ended) return
      if (allowed(repositoryId)) forward(entry)
      else passedOver.add(repositoryId)
    }
    // Live messages wait behind the start (the history of a resumed stream), then behind each other.
    let started = () => {}
    let delivering: Promise<unknown> = new Promise<void>((resolve) => {
      started = resolve
    })
    const listening = feed.listen((entry) => {
      delivering = delivering.then(() => deliver(entry)).catch((err) => req.log.warn({ err }, 'events stream: a message could not be sent'))
    })
    try {
      stop = await listening
      if (ended) return stop()
      // Read after listening began: the live messages take over exactly where this leaves off.
      if (resumeFrom === null) {
        position = await feed.latest()
        send(`retry: 3000\nid: ${position}\n: connected\n\n`)
      } else {
        const history = await feed.since(resumeFrom)
        send('retry: 3000\n: connected\n\n')
        if (history.gap) {
          position = history.latest
          send(resetMessage(resumeFrom, history.latest))
        } else {
          position = resumeFrom
          for (const entry of history.entries) await deliver(entry)
          // Nothing of what was passed over is sent again on the next reconnect.
          if (position !== resumeFrom && position !== sentId) send(`id: ${position}\n\n`)
        }
      }
    } catch (err) {
      req.log.warn({ err }, 'events stream: the activity feed is unreachable')
      return end('feed_unavailable')
    } finally {
      started()
    }
    timers.push(setInterval(() => send(': ping\n\n'), HEARTBEAT_MS))
    timers.push(setInterval(() => void recheck(true), config.EVENTS_STREAM_RECHECK_MS))
    const loginAt = req.session.get('loginAt')
    if (principal?.kind === 'user' && typeof loginAt === 'number') {
      const expiresInMs = (loginAt + config.SESSION_MAX_AGE_S) * 1000 - Date.now()
      timers.push(setTimeout(() => end('session_ended'), Math.min(Math.max(expiresInMs, 0), MAX_TIMER_MS)))
    }
  })
}
export default route
