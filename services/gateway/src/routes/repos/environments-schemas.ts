import Type from 'typebox'

const nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()])

const EnvironmentItem = Type.Object({
  name: Type.String({ description: 'production, pr-<number>, branch-<slug>' }),
  url: nullable(Type.String({ description: 'The URL the platform reported with the request that gives the state, else with the last deployed one' })),
  state: nullable(Type.String({ description: 'The state the platform last reported for it (of its newest request that has one); null when it never reported' })),
  stateAt: nullable(Type.String({ format: 'date-time' })),
  lastRequested: nullable(Type.Object({
    id: Type.String({ description: 'The request (the callback\'s webhook-id)' }),
    kind: Type.String({ description: 'production, preview or teardown' }),
    sha: nullable(Type.String()),
    status: Type.String({ description: 'The request\'s delivery status (pending, delivered, failed, waiting_checks, blocked, …)' }),
    sequence: nullable(Type.Integer()),
    createdAt: Type.String({ format: 'date-time' }),
  }, { description: 'The newest request sent or to be sent (superseded and cancelled ones left out)' })),
  lastDeployed: nullable(Type.Object({
    id: Type.String(),
    sha: nullable(Type.String()),
    at: nullable(Type.String({ format: 'date-time', description: 'When the platform reported success' })),
  }, { description: 'The newest request the platform reported success of' })),
})

export const EnvironmentsBody = Type.Object({
  repository: Type.Object({ id: nullable(Type.Integer({ description: 'GitHub repository id' })), fullName: Type.String() }),
  environments: Type.Array(EnvironmentItem, { description: 'Ordered by name; empty when nothing was requested yet' }),
})
