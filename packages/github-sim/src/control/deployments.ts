import type { DeploymentState, Repo } from '../model.ts'

/** A deployment as the simulator holds it, for tests and the demo (`sim.control.deployments`). */
export interface SimDeployment {
  id: number
  sha: string
  ref: string
  task: string
  environment: string
  originalEnvironment: string
  description: string | null
  payload: Record<string, unknown> | string
  creator: string
  transientEnvironment: boolean
  productionEnvironment: boolean
  createdAt: string
  /** The newest status's state, or null before the first. */
  state: DeploymentState | null
  statuses: Array<{ id: number; state: DeploymentState; description: string; environment: string; environmentUrl: string; logUrl: string; creator: string; createdAt: string }>
}

export interface SimIssueComment {
  id: number
  issueNumber: number
  body: string
  user: string
  createdAt: string
  updatedAt: string
}

/** The repository's deployments, newest first, optionally of one environment or commit. */
export function deployments(repo: Repo, filter: { environment?: string; sha?: string }): SimDeployment[] {
  return [...repo.deployments.values()]
    .filter((d) => (filter.environment === undefined || d.environment === filter.environment) && (filter.sha === undefined || d.sha === filter.sha))
    .sort((a, b) => b.id - a.id)
    .map((d) => ({
      id: d.id, sha: d.sha, ref: d.ref, task: d.task, environment: d.environment, originalEnvironment: d.originalEnvironment,
      description: d.description, payload: structuredClone(d.payload), creator: d.creator,
      transientEnvironment: d.transientEnvironment, productionEnvironment: d.productionEnvironment, createdAt: d.createdAt,
      state: d.statuses.at(-1)?.state ?? null,
      statuses: d.statuses.map((s) => ({ id: s.id, state: s.state, description: s.description, environment: s.environment, environmentUrl: s.environmentUrl, logUrl: s.logUrl, creator: s.creator, createdAt: s.createdAt })),
    }))
}

/** The comments on one issue or pull request, oldest first. */
export function issueComments(repo: Repo, number: number): SimIssueComment[] {
  return [...repo.issueComments.values()]
    .filter((comment) => comment.issueNumber === number)
    .sort((a, b) => a.id - b.id)
    .map(({ id, issueNumber, body, user, createdAt, updatedAt }) => ({ id, issueNumber, body, user, createdAt, updatedAt }))
}
