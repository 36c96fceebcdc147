import Type from 'typebox'

const nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()])

export const StatusItem = Type.Object({
  id: Type.String({ format: 'uuid' }),
  state: Type.String({ description: 'queued, in_progress, success, failure, error or inactive' }),
  environmentUrl: nullable(Type.String()),
  logUrl: nullable(Type.String()),
  description: nullable(Type.String()),
  applied: Type.Boolean({ description: 'Whether it became the request\'s current state when it arrived (false: it ranked below, kept as history)' }),
  mirroredToGitHub: Type.Boolean({ description: 'GitHub App mode: it is shown on GitHub as a deployment status' }),
  createdAt: Type.String({ format: 'date-time' }),
})

/** The request's current state, as every status answer and read shows it. */
export const platformFields = {
  platformState: nullable(Type.String({ description: 'The platform\'s current state of it (its highest-ranked status; of outcomes the latest); null until it reports' })),
  platformStateAt: nullable(Type.String({ format: 'date-time' })),
  environmentUrl: nullable(Type.String({ description: 'The URL the platform reported with its current state (or earlier)' })),
}
