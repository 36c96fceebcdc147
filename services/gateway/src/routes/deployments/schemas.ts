import { PLATFORM_STATES } from '@gwm/domain'
import Type from 'typebox'
import { RequestItem } from '../events/schemas.ts'
import { platformFields, StatusItem } from './status-schemas.ts'

const nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()])

/** GitHub's own limit on a deployment status's description, so the mirror never cuts one short. */
const DESCRIPTION_MAX = 140
const URL_MAX = 2048
/**
 * A string field the platform may also send as null (the same as leaving it out). A type list,
 * not anyOf: Fastify's Ajv coerces types, and would turn null into "" for a plain string schema.
 */
const stringOrNull = (options: Record<string, unknown>) => Type.Unsafe<string | null>({ type: ['string', 'null'], ...options })
// The scheme (http or https) is checked by the route (httpUrlProblem), so the message can say so.
const httpUrl = (description: string) => stringOrNull({ maxLength: URL_MAX, format: 'uri', description: `${description}; null: none` })

export const RequestParams = Type.Object({
  requestId: Type.String({ format: 'uuid', description: 'The deployment request\'s id: the callback\'s webhook-id (body `id`)' }),
})

export const StatusInput = Type.Object({
  state: Type.Enum([...PLATFORM_STATES], {
    description: 'queued < in_progress < success | failure | error < inactive: a state ranked below the request\'s current one is kept as history only',
  }),
  environmentUrl: Type.Optional(httpUrl('Where the deployed environment can be reached (http or https); becomes the request\'s environmentUrl')),
  logUrl: Type.Optional(httpUrl('Where the deployment\'s log can be read (http or https)')),
  description: Type.Optional(stringOrNull({ maxLength: DESCRIPTION_MAX, description: `A short note, at most ${DESCRIPTION_MAX} characters (GitHub's limit); null: none` })),
}, { additionalProperties: false })

export const StatusAnswer = Type.Object({
  status: StatusItem,
  repeated: Type.Boolean({ description: 'true: this exact status was already recorded; nothing changed (200)' }),
  request: Type.Object({ id: Type.String({ format: 'uuid' }), ...platformFields }),
  githubMirror: Type.Union([Type.Literal('queued'), Type.Literal('done'), Type.Literal('off')], {
    description: 'queued: GitHub will show it (GitHub App mode); done: it already does; off: the request came in OAuth App mode, nothing is mirrored',
  }),
})

export const DeploymentBody = Type.Object({
  ...RequestItem.properties,
  deliveryId: nullable(Type.String({ description: 'The GitHub delivery it came from: GET /api/events/{deliveryId}' })),
  repository: Type.Object({ id: Type.Integer({ description: 'GitHub repository id' }), fullName: Type.String() }),
  statuses: Type.Array(StatusItem, { description: 'Every status the platform reported, newest first' }),
})

export const ReplayRequestBody = Type.Object({
  requestId: Type.String({ format: 'uuid', description: 'The request replayed: its callback keeps this webhook-id' }),
  status: Type.Literal('pending', { description: 'Back to pending: the worker sends its callback again' }),
})
