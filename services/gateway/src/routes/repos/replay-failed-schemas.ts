import Type from 'typebox'

const MAX_REPLAY_LIMIT = 500

export const ReplayFailedRequest = Type.Object({
  since: Type.String({ format: 'date-time', description: 'Replay the requests that failed at or after this time (ISO 8601)' }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_REPLAY_LIMIT, default: 100, description: 'At most this many, oldest failure first' })),
}, { additionalProperties: false })

export const ReplayFailedBody = Type.Object({
  repository: Type.String({ description: 'owner/name' }),
  since: Type.String({ format: 'date-time' }),
  queued: Type.Integer({ description: 'How many failed requests were set back to pending and their callbacks queued' }),
  more: Type.Boolean({ description: 'true: failed requests since `since` remain beyond the limit; call again to replay them' }),
  enqueued: Type.Boolean({ description: 'false: the queue could not be reached; the requests are pending and the worker\'s sweeper sends them' }),
  requestIds: Type.Array(Type.String({ format: 'uuid' }), { description: 'The requests queued, oldest failure first' }),
})
