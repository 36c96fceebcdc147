import Type from 'typebox'

const nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()])

export const DeadLetterParams = Type.Object({
  id: Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$', description: 'The dead letter\'s id (a UUID)' }),
})

export const DeadLettersQuery = Type.Object({
  replayed: Type.Optional(Type.Boolean({ description: 'false: only those not replayed since they last failed; true: only those replayed' })),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' })),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
})

const deadLetterFields = {
  id: Type.String(),
  deliveryId: nullable(Type.String({ description: 'X-GitHub-Delivery; null when the job held none (data that never fit)' })),
  hookId: nullable(Type.String()),
  event: nullable(Type.String()),
  action: nullable(Type.String()),
  repositoryId: nullable(Type.Integer({ description: 'GitHub repository id the payload names, when it could be read' })),
  headers: Type.Record(Type.String(), Type.String(), { description: 'The GitHub headers the ingest passed on (x-github-delivery, x-github-event, x-github-hook-id, x-github-hook-installation-target-type and -id)' }),
  payloadBytes: Type.Integer({ description: 'Size of the raw payload; 0 when there was none' }),
  receivedAt: nullable(Type.String({ format: 'date-time' })),
  error: Type.String({ description: 'Why its last attempt failed' }),
  attempts: Type.Integer(),
  firstFailedAt: Type.String({ format: 'date-time' }),
  lastFailedAt: Type.String({ format: 'date-time' }),
  replayedAt: nullable(Type.String({ format: 'date-time', description: 'When it was put back on the events queue; null until then, and again once it failed after' })),
}

const DeadLetterItem = Type.Object(deadLetterFields)

export const DeadLettersBody = Type.Object({
  deadLetters: Type.Array(DeadLetterItem),
  nextCursor: nullable(Type.String({ description: 'Pass as cursor for the next page; null on the last one' })),
})

export const DeadLetterDetail = Type.Object({
  ...deadLetterFields,
  payload: nullable(Type.String({ description: 'The raw payload as it was queued (UTF-8 text); null when the job held none' })),
})

export const DeadLetterReplayBody = Type.Object({
  id: Type.String(),
  deliveryId: Type.String(),
  replayedAt: Type.String({ format: 'date-time' }),
})
