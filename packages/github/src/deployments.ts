import type { GitHubClient } from './client.ts'
import { NotFoundError } from './errors.ts'
import type { RepoRef } from './hooks.ts'
import { mapped } from './map-error.ts'

/** GitHub's deployment states (a deployment status's `state`). */
export type DeploymentState = 'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success'

export interface NewDeployment {
  /** A branch, tag or commit SHA. */
  ref: string
  environment: string
  /** The environment goes away at some point (a preview). */
  transient: boolean
  /** End users use it (production). */
  production: boolean
  description?: string
  /** Extra data stored with the deployment (e.g. our request id, to find it again). */
  payload?: Record<string, unknown>
}

export interface DeploymentSummary {
  id: number
  sha: string
  ref: string
  environment: string
  payload: unknown
  createdAt: string
}

export interface NewDeploymentStatus {
  state: DeploymentState
  environmentUrl?: string | null
  logUrl?: string | null
  description?: string | null
  /** GitHub's default (true): a success marks the environment's earlier deployments inactive. */
  autoInactive?: boolean
}

/** GitHub caps a deployment status's description at 140 characters. */
const DESCRIPTION_MAX = 140

interface RawDeployment {
  id: number
  sha: string
  ref: string
  environment: string
  payload: unknown
  created_at: string
}

const summary = (raw: RawDeployment): DeploymentSummary => ({ id: raw.id, sha: raw.sha, ref: raw.ref, environment: raw.environment, payload: raw.payload, createdAt: raw.created_at })

/**
 * Creates a deployment with nothing of GitHub's own gatekeeping: no auto-merge of the default
 * branch, no commit status contexts required (whoever asks has decided already).
 */
export async function createDeployment(github: GitHubClient, repo: RepoRef, input: NewDeployment): Promise<DeploymentSummary> {
  const res = await mapped(() =>
    github.rest.repos.createDeployment({
      ...repo,
      ref: input.ref,
      environment: input.environment,
      transient_environment: input.transient,
      production_environment: input.production,
      auto_merge: false,
      required_contexts: [],
      ...(input.description === undefined ? {} : { description: input.description }),
      ...(input.payload === undefined ? {} : { payload: input.payload }),
    }),
  )
  return summary(res.data as RawDeployment)
}

/** The repository's deployments, newest first (every page, up to maxPages of 100). */
export async function listDeployments(github: GitHubClient, repo: RepoRef, filter: { environment?: string; sha?: string; ref?: string } = {}, maxPages = 10): Promise<DeploymentSummary[]> {
  const out: DeploymentSummary[] = []
  for (let page = 1; page <= maxPages; page++) {
    const res = await mapped(() => github.rest.repos.listDeployments({ ...repo, ...filter, per_page: 100, page }))
    out.push(...(res.data as RawDeployment[]).map(summary))
    if (res.data.length < 100) break
  }
  return out
}

/** Posts a status on a deployment; the description is cut to GitHub's 140 characters. */
export async function createDeploymentStatus(github: GitHubClient, repo: RepoRef, deploymentId: number, status: NewDeploymentStatus): Promise<{ id: number; state: DeploymentState }> {
  const description = status.description ?? undefined
  const res = await mapped(() =>
    github.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: deploymentId,
      state: status.state,
      ...(status.environmentUrl ? { environment_url: status.environmentUrl } : {}),
      ...(status.logUrl ? { log_url: status.logUrl } : {}),
      ...(description ? { description: description.length > DESCRIPTION_MAX ? `${description.slice(0, DESCRIPTION_MAX - 1)}…` : description } : {}),
      ...(status.autoInactive === undefined ? {} : { auto_inactive: status.autoInactive }),
    }),
  )
  return { id: res.data.id, state: res.data.state as DeploymentState }
}

/** A deployment's newest status's state, or null before its first. */
export async function latestDeploymentState(github: GitHubClient, repo: RepoRef, deploymentId: number): Promise<DeploymentState | null> {
  const res = await mapped(() => github.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: deploymentId, per_page: 1 }))
  return (res.data[0]?.state as DeploymentState | undefined) ?? null
}

/**
 * Writes a pull request's (or issue's) comment: updates the one `commentId` names, or creates
 * it when there is none yet or someone deleted it. Returns the comment's id, and whether it is new.
 */
export async function upsertComment(github: GitHubClient, repo: RepoRef, issueNumber: number, body: string, commentId: number | null): Promise<{ id: number; created: boolean }> {
  if (commentId !== null) {
    try {
      const res = await mapped(() => github.rest.issues.updateComment({ ...repo, comment_id: commentId, body }))
      return { id: res.data.id, created: false }
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error
    }
  }
  const res = await mapped(() => github.rest.issues.createComment({ ...repo, issue_number: issueNumber, body }))
  return { id: res.data.id, created: true }
}

/** The id of the first comment on a pull request (or issue) whose text contains `marker`, or null. */
export async function findComment(github: GitHubClient, repo: RepoRef, issueNumber: number, marker: string): Promise<number | null> {
  const comments = await mapped(() => github.paginate(github.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 }))
  return comments.find((comment) => comment.body?.includes(marker))?.id ?? null
}
