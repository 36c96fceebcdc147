import Type from 'typebox'
import { Page, PageInfo, PerPage } from '../paging.ts'

const nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()])

/** GitHub's own rules: logins are 1-39 letters, digits or hyphens; repository names 1-100 of [A-Za-z0-9._-]. */
export const RepoParams = Type.Object({
  owner: Type.String({ pattern: '^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$', description: 'User or organization login' }),
  repo: Type.String({ pattern: '^(?!\\.\\.?$)[A-Za-z0-9._-]{1,100}$', description: 'Repository name' }),
})

/** A branch, tag or commit SHA: what git allows in a ref, minus what a URL would mangle. */
const ref = (description: string) =>
  Type.String({ minLength: 1, maxLength: 255, pattern: '^(?!.*\\.\\.)(?!/)(?!.*//)[^\\s~^:?*\\[\\\\]+$', description })

export const CommitsQuery = Type.Object({
  sha: Type.Optional(ref('A commit SHA or branch to list from (GitHub\'s name for it); default branch when absent')),
  branch: Type.Optional(ref('Same as sha, by its friendlier name; give one of the two')),
  page: Page,
  per_page: PerPage,
})

const CommitItem = Type.Object({
  sha: Type.String(),
  message: Type.String(),
  htmlUrl: Type.String(),
  authorName: nullable(Type.String()),
  authorLogin: nullable(Type.String({ description: 'The GitHub account of the author, when GitHub knows it' })),
  authoredAt: nullable(Type.String()),
})

export const CommitsBody = Type.Object({
  ref: nullable(Type.String({ description: 'The sha or branch listed from; null for the default branch' })),
  commits: Type.Array(CommitItem),
  ...PageInfo,
})

export const AccessTokenBody = Type.Object({
  token: Type.String({ description: 'An installation token (ghs_…): send it as a Bearer token, or as the password of x-access-token in a clone URL. Never log or store it.' }),
  expiresAt: Type.String({ format: 'date-time' }),
  permissions: Type.Record(Type.String(), Type.String(), { description: 'What it may do: contents read (and metadata read, implied)' }),
  repository: Type.Object({ id: Type.Integer(), fullName: Type.String() }),
  installationId: Type.Integer(),
})
