import Type from 'typebox'
import { Page, PageInfo, PerPage } from '../paging.ts'
import { WebhookSummary } from '../repos/webhook-schemas.ts'

const nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()])

export const ProfileBody = Type.Object({
  github: Type.Object({
    id: Type.Integer(),
    login: Type.String(),
    name: nullable(Type.String()),
    email: nullable(Type.String()),
    avatarUrl: Type.String(),
    htmlUrl: Type.String(),
    scopes: Type.Array(Type.String(), { description: 'The OAuth scopes the session\'s token carries' }),
  }, { description: 'The GitHub profile, as GitHub reports it now (email: the primary verified one when the profile hides it)' }),
  account: Type.Object({
    id: Type.String({ format: 'uuid' }),
    githubId: Type.Integer(),
    login: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    lastLoginAt: nullable(Type.String({ format: 'date-time' })),
  }, { description: 'The platform account mapped to this GitHub identity (created on first sign-in)' }),
})

export const ReposQuery = Type.Object({
  page: Page,
  per_page: PerPage,
  sort: Type.Union([Type.Literal('created'), Type.Literal('updated'), Type.Literal('pushed'), Type.Literal('full_name')], { default: 'full_name' }),
  affiliation: Type.String({
    pattern: '^(owner|collaborator|organization_member)(,(owner|collaborator|organization_member))*$',
    default: 'owner,collaborator,organization_member',
    description: 'Comma-separated: owner, collaborator, organization_member',
  }),
})

const RepoItem = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  fullName: Type.String(),
  owner: Type.String(),
  private: Type.Boolean(),
  defaultBranch: Type.String(),
  htmlUrl: Type.String(),
  description: nullable(Type.String()),
  permissions: Type.Object({ admin: Type.Boolean(), push: Type.Boolean(), pull: Type.Boolean() }),
  connected: Type.Boolean({ description: 'Our webhook exists on the repository and GitHub reached it (ping verified); GitHub App mode: an installation of the App covers it' }),
  installationId: nullable(Type.Integer({ description: 'GitHub App mode: the installation that covers it; null otherwise' })),
  webhook: WebhookSummary,
})

export const ReposBody = Type.Object({ repos: Type.Array(RepoItem), ...PageInfo })
