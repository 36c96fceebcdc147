import Type from 'typebox'

const nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()])

export const WebhookSummary = Type.Object({
  status: Type.Union([Type.Literal('none'), Type.Literal('pending'), Type.Literal('connected'), Type.Literal('inactive')], {
    description: 'none: not set up; pending: set up, GitHub\'s ping not received yet; connected: verified; inactive: disabled on GitHub',
  }),
  hookId: nullable(Type.Integer()),
  verifiedAt: nullable(Type.String({ format: 'date-time' })),
})

const HookState = Type.Object({
  ...WebhookSummary.properties,
  url: Type.String(),
  events: Type.Array(Type.String()),
  active: Type.Boolean(),
})

export const SetupBody = Type.Object({
  outcome: Type.Union([Type.Literal('created'), Type.Literal('adopted'), Type.Literal('repaired'), Type.Literal('unchanged')], {
    description: 'created: new hook (201); adopted: an existing hook at WEBHOOK_URL now has our secret; repaired: put back ' +
      'after it was edited on GitHub; unchanged: it already was right',
  }),
  repaired: Type.Array(Type.String(), { description: 'What was wrong: inactive, url, content_type, insecure_ssl, secret, events' }),
  repository: Type.String(),
  webhook: HookState,
})

const Delivery = Type.Object({
  id: Type.Integer(),
  guid: Type.String(),
  deliveredAt: Type.String(),
  event: Type.String(),
  action: nullable(Type.String()),
  status: Type.String(),
  statusCode: Type.Integer(),
  redelivery: Type.Boolean(),
  durationS: Type.Number(),
})

export const StatusBody = Type.Object({
  repository: Type.String(),
  ...WebhookSummary.properties,
  onGitHub: Type.Boolean({ description: 'false when the hook was deleted on GitHub (setup-webhook recreates it)' }),
  url: nullable(Type.String()),
  events: Type.Array(Type.String()),
  drift: Type.Array(Type.String(), { description: 'What differs from our configuration (setup-webhook repairs it)' }),
  lastResponse: nullable(Type.Object({ code: nullable(Type.Integer()), status: nullable(Type.String()), message: nullable(Type.String()) })),
  previousSecretValidUntil: nullable(Type.String({ format: 'date-time' })),
  deliveries: Type.Array(Delivery, { description: 'The most recent deliveries, newest first, as GitHub reports them' }),
})

export const PingBody = Type.Object({ hookId: Type.Integer(), pinged: Type.Boolean() })

export const RotateBody = Type.Object({
  hookId: Type.Integer(),
  rotatedAt: Type.String({ format: 'date-time' }),
  previousSecretValidUntil: nullable(Type.String({ format: 'date-time', description: 'Deliveries signed with the old secret verify until then' })),
})

export const RedeliverRequest = Type.Object({
  since: Type.Optional(Type.String({ format: 'date-time', description: 'Only deliveries from then on; default: the last 3 days (what GitHub keeps)' })),
}, { additionalProperties: false })

export const RedeliverBody = Type.Object({
  redelivered: Type.Array(Type.Object({ guid: Type.String(), deliveryId: Type.Integer(), event: Type.String() }), {
    description: 'Events none of whose attempts succeeded: GitHub was asked to send them again (same GUID)',
  }),
  errors: Type.Array(Type.Object({ guid: Type.String(), deliveryId: Type.Integer(), message: Type.String() }), {
    description: 'Redeliveries GitHub refused (for example: older than it keeps)',
  }),
})

export const AppSetupBody = Type.Object({
  mode: Type.Literal('app', { description: 'GitHub App mode: the App\'s webhook serves the repository' }),
  installationId: Type.Integer(),
  repository: Type.String(),
})

export const NotInstalledBody = Type.Object({
  error: Type.String({ description: 'app_not_installed (GitHub App mode), or another conflict' }),
  message: Type.String(),
  installUrl: Type.Optional(Type.String({ description: 'The GitHub App\'s install page, the repository pre-selected' })),
})
