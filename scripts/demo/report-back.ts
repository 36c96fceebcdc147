import { expectStatus, type Log, poll, type TourUrls } from './steps.ts'

interface GitHubDeployment {
  id: number
  sha: string
  environment: string
  productionEnvironment: boolean
  transientEnvironment: boolean
  /** Its statuses, oldest first: state and the URLs the platform reported. */
  statuses: Array<{ state: string; environmentUrl: string; logUrl: string }>
}

export interface ReportBack {
  deployment: GitHubDeployment
  environment: { name: string; state: string | null; url: string | null; lastDeployedSha: string | null }
}

interface RawDeployment {
  id: number
  sha: string
  environment: string
  production_environment: boolean
  transient_environment: boolean
  statuses_url: string
}

/** One GitHub deployment of the commit with its statuses, as anyone who can read the repository sees them on GitHub. */
async function deploymentOnGitHub(urls: TourUrls, repo: string, sha: string): Promise<GitHubDeployment | undefined> {
  const res = await fetch(`${urls.github}/api/v3/repos/${repo}/deployments?sha=${sha}`)
  if (res.status !== 200) return undefined
  const [found] = (await res.json()) as RawDeployment[]
  if (!found) return undefined
  const statuses = (await (await fetch(found.statuses_url)).json()) as Array<{ state: string; environment_url: string; log_url: string }>
  return {
    id: found.id,
    sha: found.sha,
    environment: found.environment,
    productionEnvironment: found.production_environment,
    transientEnvironment: found.transient_environment,
    statuses: statuses.reverse().map((status) => ({ state: status.state, environmentUrl: status.environment_url, logUrl: status.log_url })),
  }
}

/**
 * The loop back, as the platform and a person on GitHub see it: the platform reports the request
 * `in_progress`, then `success` with the environment's URL; GitHub shows a Deployment of the
 * commit with both statuses (the worker mirrors them, App mode); the environments API names the
 * commit as the one deployed, at that URL.
 */
export async function reportBack(urls: TourUrls, platformToken: string, request: { id: string; repo: string; sha: string }, log: Log): Promise<ReportBack> {
  const environmentUrl = `https://${request.sha.slice(0, 7)}.hello.example.com/`
  const logUrl = `https://platform.example.com/builds/${request.sha.slice(0, 7)}`
  for (const status of [{ state: 'in_progress', logUrl }, { state: 'success', environmentUrl, logUrl, description: 'deployed by the tour' }]) {
    const res = await fetch(`${urls.gateway}/api/deployments/${request.id}/statuses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${platformToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(status),
    })
    await expectStatus(res, [201], `POST /api/deployments/${request.id}/statuses (${status.state})`)
    log(`the platform reported ${status.state} (201)`)
  }

  const deployment = await poll('the Deployment and its success on GitHub', async () => {
    const found = await deploymentOnGitHub(urls, request.repo, request.sha)
    return found?.statuses.at(-1)?.state === 'success' ? found : undefined
  })
  log(`GitHub shows Deployment ${deployment.id} of ${request.sha.slice(0, 7)} to ${deployment.environment}: ${deployment.statuses.map((status) => status.state).join(' → ')}, at ${deployment.statuses.at(-1)?.environmentUrl}`)

  const res = await expectStatus(await fetch(`${urls.gateway}/api/repos/${request.repo}/environments`, { headers: { authorization: `Bearer ${platformToken}` } }), [200], `GET /api/repos/${request.repo}/environments`)
  const { environments } = (await res.json()) as { environments: Array<{ name: string; state: string | null; url: string | null; lastDeployed: { sha: string } | null }> }
  const shown = environments.find((environment) => environment.name === deployment.environment)
  if (!shown) throw new Error(`GET /api/repos/${request.repo}/environments lists no ${deployment.environment}`)
  const environment = { name: shown.name, state: shown.state, url: shown.url, lastDeployedSha: shown.lastDeployed?.sha ?? null }
  log(`GET /api/repos/${request.repo}/environments: ${environment.name} is ${environment.state} at ${environment.url}, last deployed ${environment.lastDeployedSha?.slice(0, 7)}`)
  return { deployment, environment }
}
