import Type, { type Static } from 'typebox'

const nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()])

/** The version of the deployment callbacks' data: 2 made pullRequest an object (pullRequestNumber keeps the number). */
export const CALLBACK_SCHEMA_VERSION = 2

const DeploymentData = Type.Object({
  schemaVersion: Type.Literal(CALLBACK_SCHEMA_VERSION),
  kind: Type.Union([Type.Literal('production'), Type.Literal('preview'), Type.Literal('teardown')]),
  environment: Type.String({ description: 'production, pr-<number>, or branch-<slug>' }),
  ref: Type.String({ description: 'A full git ref: refs/heads/…, refs/tags/…, refs/pull/<n>/head' }),
  sha: nullable(Type.String({ description: 'The commit to deploy (null for a teardown of a deleted branch)' })),
  sequence: nullable(Type.Integer({ description: 'Increasing per (repository, environment): refuse anything older than what you have' })),
  supersedes: Type.Array(Type.String(), { description: 'Ids of earlier requests for this environment this one replaced; they will never be sent' }),
  reason: nullable(Type.String({ description: 'The rule that made it, e.g. "production: push to main"' })),
  commit: nullable(Type.Object({
    sha: Type.String(),
    message: nullable(Type.String()),
    author: Type.Object({ name: nullable(Type.String()), login: nullable(Type.String()) }),
    timestamp: nullable(Type.String()),
    url: nullable(Type.String()),
  })),
  compareUrl: nullable(Type.String()),
  pullRequestNumber: nullable(Type.Integer({ description: 'The pull request\'s number (what pullRequest was before schemaVersion 2)' })),
  pullRequest: nullable(Type.Object({
    number: Type.Integer(),
    title: nullable(Type.String()),
    headRef: nullable(Type.String()),
    baseRef: nullable(Type.String()),
    fromFork: Type.Boolean(),
    headRepository: nullable(Type.String({ description: 'owner/name of the head repository (the fork\'s, for a fork)' })),
  })),
  repository: Type.Object({
    id: Type.Integer({ description: 'GitHub repository id' }),
    fullName: Type.String(),
    defaultBranch: Type.String(),
    private: Type.Boolean(),
    cloneUrl: nullable(Type.String()),
    htmlUrl: nullable(Type.String()),
  }),
  installationId: nullable(Type.Integer({ description: 'GitHub App mode: ask POST /api/repos/{owner}/{repo}/access-token for a token' })),
  event: Type.Object({
    deliveryId: Type.String(),
    name: Type.String(),
    action: nullable(Type.String()),
    sender: nullable(Type.String()),
    receivedAt: Type.String({ format: 'date-time' }),
  }),
}, { additionalProperties: false })

const envelope = <T extends Type.TSchema>(type: string, data: T, description: string) =>
  Type.Object({
    type: Type.Literal(type),
    id: Type.String({ description: 'Equals the webhook-id header: the same for every retry and replay' }),
    timestamp: Type.String({ format: 'date-time', description: 'When the message was created' }),
    data,
  }, { additionalProperties: false, description })

/** Every callback body the platform receives, by type: published in the gateway's OpenAPI document and checked against what the worker sends. */
export const CALLBACK_BODIES = {
  'deployment.requested': envelope('deployment.requested', DeploymentData, 'Deploy this commit to this environment.'),
  'deployment.teardown': envelope('deployment.teardown', DeploymentData, 'Tear this environment down.'),
  'user.provisioned': envelope('user.provisioned', Type.Object({ userId: Type.String(), githubId: Type.Integer(), login: Type.String() }, { additionalProperties: false }), 'A person signed in for the first time.'),
} as const

export type DeploymentCallbackData = Static<typeof DeploymentData>
