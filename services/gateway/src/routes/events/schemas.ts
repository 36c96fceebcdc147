import Type from 'typebox'
import { platformFields, StatusItem } from '../deployments/status-schemas.ts'

const nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()])

const EventStatus = Type.Union([Type.Literal('stored'), Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')])

export const DeliveryParams = Type.Object({
  deliveryId: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._-]+$', description: 'GitHub\'s X-GitHub-Delivery GUID' }),
})

export const EventsQuery = Type.Object({
  repo: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}$', description: 'Only this repository (owner/name)' })),
  event: Type.Optional(Type.String({ pattern: '^[a-z_]{1,64}$', description: 'Only this GitHub event, e.g. push, pull_request' })),
  status: Type.Optional(Type.Union(EventStatus.anyOf, {
    description: 'stored: nothing to send; pending: a callback is on its way; delivered: the platform has every callback; failed: a callback gave up',
  })),
  decision: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Only events whose deploy-rules decision starts with this, e.g. "skipped", "skipped: paths", "production"' })),
  since: Type.Optional(Type.String({ format: 'date-time', description: 'Only events received at or after this time (ISO 8601)' })),
  until: Type.Optional(Type.String({ format: 'date-time', description: 'Only events received before this time (ISO 8601); later than since' })),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' })),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
})

const CallbackAttemptItem = Type.Object({
  attempt: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  statusCode: nullable(Type.Integer({ description: 'null when no answer came (timeout, connection error)' })),
  durationMs: Type.Integer(),
  error: nullable(Type.String()),
  retryAt: nullable(Type.String({ format: 'date-time', description: 'When the next attempt is due, if any' })),
})

export const RequestItem = Type.Object({
  id: Type.String({ description: 'Also the callback\'s webhook-id' }),
  type: Type.String({ description: 'deployment.requested or deployment.teardown' }),
  kind: Type.String({ description: 'production, preview or teardown' }),
  environment: Type.String(),
  ref: Type.String(),
  sha: nullable(Type.String()),
  pullRequest: nullable(Type.Integer()),
  status: Type.String({ description: 'pending, delivering, delivered, failed; waiting_checks (held by the CI gate), blocked (checks failed or timed out: never sent); superseded (a newer request for the environment went instead: supersededBy), cancelled (not sent, and never will be: lastError says why)' }),
  attempts: Type.Integer(),
  lastError: nullable(Type.String()),
  sequence: nullable(Type.Integer({ description: 'Its place in its (repository, environment): callbacks carry it' })),
  reason: nullable(Type.String({ description: 'The rule that made it, e.g. "production: push to main"' })),
  supersededBy: nullable(Type.String({ description: 'The request that went instead of this one' })),
  createdAt: Type.String({ format: 'date-time' }),
  deliveredAt: nullable(Type.String({ format: 'date-time' })),
  ...platformFields,
})

const eventFields = {
  deliveryId: Type.String(),
  hookId: Type.Integer(),
  event: Type.String(),
  action: nullable(Type.String()),
  repository: nullable(Type.Object({ id: Type.Integer({ description: 'GitHub repository id' }), fullName: Type.String() })),
  sender: nullable(Type.String()),
  receivedAt: Type.String({ format: 'date-time' }),
  processedAt: nullable(Type.String({ format: 'date-time' })),
  status: EventStatus,
  decision: nullable(Type.String({ description: 'What the deploy rules decided, e.g. "production: push to main", "skipped: paths", "skipped: marker [skip deploy]"' })),
  installationId: nullable(Type.Integer({ description: 'GitHub App mode: the installation the delivery came through' })),
  source: Type.Union([Type.Literal('github'), Type.Literal('reconciled')], {
    description: 'github: GitHub sent it; reconciled: the scheduled reconciliation recovered it (asked GitHub to redeliver it, or derived a push whose delivery never came)',
  }),
}

const EventItem = Type.Object({ ...eventFields, requests: Type.Array(RequestItem) })

export const EventsBody = Type.Object({
  events: Type.Array(EventItem),
  nextCursor: nullable(Type.String({ description: 'Pass as cursor for the next page; null on the last one' })),
})

export const EventDetail = Type.Object({
  ...eventFields,
  traceId: nullable(Type.String({ pattern: '^[0-9a-f]{32}$', description: 'The delivery\'s OpenTelemetry trace id, when the ingest traced it: find its spans (ingest, store, each callback attempt) by it' })),
  payload: Type.Record(Type.String(), Type.Unknown(), { description: 'The JSON GitHub sent' }),
  requests: Type.Array(Type.Object({
    ...RequestItem.properties,
    callbackAttempts: Type.Array(CallbackAttemptItem),
    statuses: Type.Array(StatusItem, { description: 'What the platform reported of it (POST /api/deployments/{id}/statuses), newest first' }),
  })),
})

export const ReplayBody = Type.Object({
  deliveryId: Type.String(),
  created: Type.Integer({ description: 'Requests the rules derived that the event did not have yet' }),
  requeued: Type.Integer({ description: 'Requests whose callback is (re)sent, with their original webhook-id' }),
  enqueued: Type.Boolean({ description: 'false when the queue was unreachable: the worker\'s sweeper sends them shortly' }),
  requests: Type.Array(RequestItem),
})

/** An activity stream entry id as the stream sends it: "<ms>-<seq>" (at most 19 digits each, so it fits Redis' 64 bits). */
const eventId = (description: string) => Type.String({ pattern: '^(0|[1-9][0-9]{0,18})-(0|[1-9][0-9]{0,18})$', maxLength: 39, description })

export const StreamHeaders = Type.Object({
  'last-event-id': Type.Optional(eventId('The id of the last message received: the stream first sends what came after it (EventSource sends it when it reconnects)')),
})

export const StreamQuery = Type.Object({
  lastEventId: Type.Optional(eventId('Last-Event-ID for clients that cannot set headers; the header wins when both are sent')),
})
