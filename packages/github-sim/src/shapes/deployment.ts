import type { Account, Deployment, DeploymentStatus, Repo } from '../model.ts'
import { nodeId, simpleUser, type Urls } from './account.ts'

/** The App an installation token acted for (`performed_via_github_app`), or null. */
type AppShape = Record<string, unknown> | null

const repoUrl = (urls: Urls, repo: Repo) => `${urls.api}/repos/${repo.owner}/${repo.name}`

/** A deployment ("deployment"). */
export function deploymentShape(urls: Urls, repo: Repo, deployment: Deployment, creator: Account, app: AppShape): Record<string, unknown> {
  const url = `${repoUrl(urls, repo)}/deployments/${deployment.id}`
  return {
    url,
    id: deployment.id,
    node_id: nodeId('Deployment', deployment.id),
    sha: deployment.sha,
    ref: deployment.ref,
    task: deployment.task,
    payload: deployment.payload,
    original_environment: deployment.originalEnvironment,
    environment: deployment.environment,
    description: deployment.description,
    creator: simpleUser(urls, creator),
    created_at: deployment.createdAt,
    updated_at: deployment.updatedAt,
    statuses_url: `${url}/statuses`,
    repository_url: repoUrl(urls, repo),
    transient_environment: deployment.transientEnvironment,
    production_environment: deployment.productionEnvironment,
    performed_via_github_app: app,
  }
}

/** A deployment status ("deployment-status"). */
export function deploymentStatusShape(urls: Urls, repo: Repo, deployment: Deployment, status: DeploymentStatus, creator: Account, app: AppShape): Record<string, unknown> {
  const deploymentUrl = `${repoUrl(urls, repo)}/deployments/${deployment.id}`
  return {
    url: `${deploymentUrl}/statuses/${status.id}`,
    id: status.id,
    node_id: nodeId('DeploymentStatus', status.id),
    state: status.state,
    creator: simpleUser(urls, creator),
    description: status.description,
    environment: status.environment,
    target_url: status.logUrl,
    created_at: status.createdAt,
    updated_at: status.updatedAt,
    deployment_url: deploymentUrl,
    repository_url: repoUrl(urls, repo),
    environment_url: status.environmentUrl,
    log_url: status.logUrl,
    performed_via_github_app: app,
  }
}
