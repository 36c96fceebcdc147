import { createHash } from 'node:crypto'
import type { IngestConfig } from '@gwm/config'
import { jobId } from '@gwm/queue'
import { annotateCurrentSpan, currentTraceparent, DELIVERY_ID_ATTRIBUTE, type HttpError, tracingOn } from '@gwm/runtime'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { redisTooSlow } from '../lib/unavailable.ts'
import { withDeadline } from '../lib/with-deadline.ts'
import type { Delivery } from '../lib/delivery.ts'
import { checkCoverage } from '../lib/check-coverage.ts'
import { checkEventShape } from '../lib/check-event-shape.ts'
import { checkRepository } from '../lib/check-repository.ts'
import { NotVerified } from '../lib/not-verified.ts'
import { readEventHeaders, readHookId, readHookTarget, readSignature, refuseContentEncoding } from '../lib/read-headers.ts'
import { payloadText, type RawBody, readPayload, signedText } from '../lib/read-payload.ts'
import { isAppDelivery, verifySignature } from '../lib/verify-signature.ts'
import bodyBudget from '../plugins/app/body-budget.ts'
import refuseBeforeBody from '../plugins/app/refuse-before-body.ts'
import overload from '../plugins/external/under-pressure.ts'
import { explainError, MAX_BODY_BYTES } from './webhook-errors.ts'
import { recordDelivery } from './webhook-record.ts'

/** What the route learnt about a delivery so far, for its metrics and its log line. */
interface DeliveryState {
  deliveryId?: string
  event?: string
  action?: string
  hookId?: string
  error?: string
  /** Why a delivery was not verified: in the log, never in the answer. */
  detail?: string
}

declare module 'fastify' {
  interface FastifyRequest {
    delivery: DeliveryState | null
  }
}

/**
 * ENQUEUE_TIMEOUT_MS, plus 250 ms per MB of body: storing a 25 MB delivery takes Redis itself a
 * second or two, and GitHub waits 10 s. Typical deliveries (well under 1 MB) get the plain limit.
 */
const MIB = 1024 * 1024
const deadlineMs = (timeoutMs: number, bytes: number) => timeoutMs + Math.floor(bytes / MIB) * 250

const NO_BODY: RawBody = { format: 'json', bytes: Buffer.alloc(0) }
const accepted = { type: 'object', properties: { deliveryId: { type: 'string' } }, required: ['deliveryId'] } as const

/**
 * POST /api/webhook (and /webhooks/github): verify the signature over the body exactly as
 * received, check the delivery is well-formed, append it to the inbox, answer 202. A 2xx
 * is only sent once Redis confirmed the job; the same delivery again is a no-op that still
 * gets its 202.
 */
export default async function webhookRoutes(app: FastifyInstance, { config }: { config: IngestConfig }) {
  await app.register(overload, { maxEventLoopDelayMs: config.MAX_EVENT_LOOP_DELAY_MS, maxRssBytes: config.MAX_RSS_MB * MIB })
  await app.register(refuseBeforeBody, { maxBodyBytes: MAX_BODY_BYTES, timeoutMs: config.ENQUEUE_TIMEOUT_MS })
  await app.register(bodyBudget, { limitBytes: config.MAX_BODIES_MB * MIB })

  // The bytes GitHub signed, untouched: no JSON parser runs before the signature is checked.
  app.removeAllContentTypeParsers()
  const raw = (format: RawBody['format']) => (_req: FastifyRequest, bytes: Buffer, done: (err: null, body: RawBody) => void) =>
    done(null, { format, bytes })
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, raw('json'))
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, raw('form'))

  app.decorateRequest('delivery', null)
  app.setErrorHandler((error: FastifyError | HttpError, req) => {
    const explained = explainError(error, req)
    const reason = explained instanceof NotVerified ? explained.reason : explained.code
    req.delivery = { ...req.delivery, error: reason ?? 'error', ...(explained instanceof NotVerified ? { detail: explained.detail } : {}) }
    if (explained.statusCode === 401) app.ingestMetrics.verificationFailures.inc({ reason })
    if (explained.statusCode === 503 && explained.cause) req.log.warn({ err: explained.cause }, 'delivery not stored')
    throw explained // answered by the app's JSON error handler
  })
  app.addHook('onResponse', (req, reply, done) => {
    recordDelivery(app.ingestMetrics, req, reply)
    done()
  })

  const receive = async (req: FastifyRequest, reply: FastifyReply) => {
    // Everything that waits on Redis (the hook's secret, the job) shares one deadline.
    const timeoutMs = deadlineMs(config.ENQUEUE_TIMEOUT_MS, (req.body as RawBody | undefined)?.bytes.length ?? 0)
    const deadline = { passed: false }
    await withDeadline(store(req, deadline), timeoutMs, () => {
      deadline.passed = true
      return redisTooSlow(timeoutMs)
    })
    return reply.code(202).send({ deliveryId: req.delivery!.deliveryId })
  }

  const store = async (req: FastifyRequest, deadline: { passed: boolean }) => {
    const body = (req.body as RawBody | undefined) ?? NO_BODY
    const receivedAt = new Date().toISOString()
    refuseContentEncoding(req.headers)
    const signature = readSignature(req.headers)
    const hookId = readHookId(req.headers)
    const text = signedText(body)
    const target = readHookTarget(req.headers)
    const verified = await verifySignature(text, signature, hookId, app.secretSources, target)

    const { event, deliveryId, targetType, targetId } = readEventHeaders(req.headers)
    req.delivery = { deliveryId, event, hookId }
    if (tracingOn()) annotateCurrentSpan({ [DELIVERY_ID_ATTRIBUTE]: deliveryId, 'gwm.event': event })
    const payload = payloadText(body, text)
    const { payload: fields, action, view } = readPayload(payload)
    req.delivery.action = action
    checkEventShape(event, fields)
    await checkRepository(verified, view, app.secretSources)
    if (isAppDelivery(target, app.secretSources)) await checkCoverage(event, view, app.installations)

    const delivery: Delivery = {
      jobId: jobId(hookId, deliveryId),
      // With tracing on, the delivery's trace goes with it: the worker's spans continue it.
      data: { deliveryId, event, action, hookId, targetType, targetId, receivedAt, view, traceparent: currentTraceparent() },
      // A JSON delivery's payload is the body: its bytes go to Redis as received, not re-encoded.
      payload: body.format === 'json' ? body.bytes : payload,
      // GitHub signs the body only: the same bytes under a fresh delivery id are a replay, not stored again.
      bodySha256: createHash('sha256').update(body.bytes).digest('base64url'),
    }
    // Already answered 503 (the registry read was slow): do not store what was refused.
    if (deadline.passed) return
    const stop = app.ingestMetrics.enqueueSeconds.startTimer()
    await app.inbox.append(delivery)
    stop()
  }

  for (const url of ['/api/webhook', '/webhooks/github']) {
    app.post(url, { schema: { response: { 202: accepted } } }, receive)
  }
}
