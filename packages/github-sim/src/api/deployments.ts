import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { SimContext } from '../context.ts'
import { GitHubError, notFound } from '../errors.ts'
import { isoSeconds, resolveRef } from '../git.ts'
import type { Deployment, DeploymentStatus, Repo } from '../model.ts'
import { deploymentShape, deploymentStatusShape } from '../shapes/deployment.ts'
import { requirePermission, visibleRepo } from './access.ts'
import { type DeploymentInput, parseDeployment, parseStatus, type StatusInput } from './deployment-input.ts'
import { type PageQuery, paginate } from './paging.ts'
import { accountOf, actingApp, requireWriter, type Writer } from './writer.ts'

const DOCS = 'https://docs.github.com/rest/deployments/deployments'
const STATUS_DOCS = 'https://docs.github.com/rest/deployments/statuses'
const WRITE = { permissions: ['deployments'], scopes: ['repo', 'repo_deployment'], role: 'push' as const }
const PASSED = new Set(['success', 'neutral', 'skipped'])

interface ListQuery extends PageQuery {
  sha?: string
  ref?: string
  task?: string
  environment?: string
}

/** A branch, tag, SHA or pull request ref (refs/pull/{n}/head) to the commit it names. */
function commitOf(repo: Repo, ref: string): string | null {
  const pull = ref.match(/^refs\/pull\/(\d+)\/head$/)
  if (pull) return repo.pulls.get(Number(pull[1]))?.head.sha ?? null
  return resolveRef(repo, ref)
}

/** The commit's checks by name (a name's newest run); a required context without a passing run fails. */
function failedContexts(repo: Repo, sha: string, required: string[] | undefined): Array<{ context: string; state: string }> {
  const latest = new Map<string, string>()
  for (const run of [...repo.checkRuns.values()].filter((run) => run.headSha === sha).sort((a, b) => a.id - b.id)) {
    latest.set(run.name, run.status === 'completed' ? (run.conclusion ?? 'pending') : 'pending')
  }
  const contexts = required ?? [...latest.keys()]
  return contexts.map((context) => ({ context, state: latest.get(context) ?? 'missing' })).filter(({ state }) => !PASSED.has(state))
}

/**
 * GitHub's auto_inactive: a success marks the environment's earlier non-transient deployments
 * that had succeeded, and are not inactive yet, inactive.
 */
function inactivatePrior(repo: Repo, current: Deployment, writer: Writer, at: string, nextId: () => number): void {
  for (const earlier of repo.deployments.values()) {
    if (earlier.id >= current.id || earlier.environment !== current.environment || earlier.transientEnvironment) continue
    if (!earlier.statuses.some((status) => status.state === 'success') || earlier.statuses.at(-1)?.state === 'inactive') continue
    earlier.statuses.push({ id: nextId(), state: 'inactive', creator: writer.login, appId: writer.appId, description: '', environment: earlier.environment, logUrl: '', environmentUrl: '', createdAt: at, updatedAt: at })
    earlier.updatedAt = at
  }
}

/** The Deployments API: deployments and their statuses, with installation-token auth like GitHub's. */
export function deploymentRoutes(app: FastifyInstance, ctx: SimContext): void {
  const readable = (req: FastifyRequest, docs: string) => {
    const access = visibleRepo(ctx, req)
    requirePermission(access, 'deployments', 'read', docs)
    return access.repo
  }
  const deploymentOf = (repo: Repo, req: FastifyRequest): Deployment => {
    const { deployment_id: id } = req.params as { deployment_id: string }
    const deployment = /^\d+$/.test(id) ? repo.deployments.get(Number(id)) : undefined
    if (!deployment) throw notFound()
    return deployment
  }
  const show = (repo: Repo, deployment: Deployment) =>
    deploymentShape(ctx.urls, repo, deployment, accountOf(ctx, deployment.creator, deployment.appId), actingApp(ctx, deployment.appId))
  const showStatus = (repo: Repo, deployment: Deployment, status: DeploymentStatus) =>
    deploymentStatusShape(ctx.urls, repo, deployment, status, accountOf(ctx, status.creator, status.appId), actingApp(ctx, status.appId))

  const create = (repo: Repo, input: DeploymentInput, writer: Writer, reply: FastifyReply) => {
    const sha = commitOf(repo, input.ref)
    if (!sha) throw new GitHubError(422, `No ref found for: ${input.ref}`, { documentationUrl: `${DOCS}#create-a-deployment` })
    const failed = failedContexts(repo, sha, input.requiredContexts)
    if (failed.length > 0) {
      throw new GitHubError(409, `Conflict: Commit status checks failed for ${input.ref}.`, {
        documentationUrl: `${DOCS}#create-a-deployment`,
        errors: [{ contexts: failed, resource: 'Deployment', field: 'required_contexts', code: 'invalid' }],
      })
    }
    const at = isoSeconds(new Date())
    const deployment: Deployment = {
      id: ctx.store.nextId('deployment'), sha, ref: input.ref, task: input.task, payload: input.payload,
      originalEnvironment: input.environment, environment: input.environment, description: input.description,
      creator: writer.login, appId: writer.appId, transientEnvironment: input.transientEnvironment,
      productionEnvironment: input.productionEnvironment, createdAt: at, updatedAt: at, statuses: [],
    }
    repo.deployments.set(deployment.id, deployment)
    return reply.code(201).send(show(repo, deployment))
  }

  const addStatus = (repo: Repo, deployment: Deployment, input: StatusInput, writer: Writer) => {
    const at = isoSeconds(new Date())
    const environment = input.environment ?? deployment.statuses.at(-1)?.environment ?? deployment.environment
    deployment.environment = environment
    const status: DeploymentStatus = {
      id: ctx.store.nextId('deploymentStatus'), state: input.state, creator: writer.login, appId: writer.appId,
      description: input.description, environment, logUrl: input.logUrl, environmentUrl: input.environmentUrl, createdAt: at, updatedAt: at,
    }
    deployment.statuses.push(status)
    deployment.updatedAt = at
    if (input.state === 'success' && input.autoInactive) inactivatePrior(repo, deployment, writer, at, () => ctx.store.nextId('deploymentStatus'))
    return status
  }

  app.post('/repos/:owner/:repo/deployments', async (req, reply) => {
    const access = visibleRepo(ctx, req)
    const writer = requireWriter(ctx, req, access, { ...WRITE, docs: `${DOCS}#create-a-deployment` })
    return create(access.repo, parseDeployment(req.body), writer, reply)
  })

  app.get('/repos/:owner/:repo/deployments', async (req, reply) => {
    const repo = readable(req, `${DOCS}#list-deployments`)
    const query = req.query as ListQuery
    const sha = query.sha === undefined ? undefined : query.sha.toLowerCase()
    const listed = [...repo.deployments.values()]
      .filter((d) => (sha === undefined || d.sha === sha) && (query.ref === undefined || d.ref === query.ref) &&
        (query.task === undefined || d.task === query.task) && (query.environment === undefined || d.environment === query.environment))
      .sort((a, b) => b.id - a.id)
    return paginate(ctx, req, reply, listed).map((deployment) => show(repo, deployment))
  })

  app.get('/repos/:owner/:repo/deployments/:deployment_id', async (req) => {
    const repo = readable(req, `${DOCS}#get-a-deployment`)
    return show(repo, deploymentOf(repo, req))
  })

  app.post('/repos/:owner/:repo/deployments/:deployment_id/statuses', async (req, reply) => {
    const access = visibleRepo(ctx, req)
    const writer = requireWriter(ctx, req, access, { ...WRITE, docs: `${STATUS_DOCS}#create-a-deployment-status` })
    const deployment = deploymentOf(access.repo, req)
    const status = addStatus(access.repo, deployment, parseStatus(req.body), writer)
    return reply.code(201).send(showStatus(access.repo, deployment, status))
  })

  app.get('/repos/:owner/:repo/deployments/:deployment_id/statuses', async (req, reply) => {
    const repo = readable(req, `${STATUS_DOCS}#list-deployment-statuses`)
    const deployment = deploymentOf(repo, req)
    return paginate(ctx, req, reply, [...deployment.statuses].reverse()).map((status) => showStatus(repo, deployment, status))
  })

  app.get('/repos/:owner/:repo/deployments/:deployment_id/statuses/:status_id', async (req) => {
    const repo = readable(req, `${STATUS_DOCS}#get-a-deployment-status`)
    const deployment = deploymentOf(repo, req)
    const { status_id: id } = req.params as { status_id: string }
    const status = deployment.statuses.find((s) => String(s.id) === id)
    if (!status) throw notFound()
    return showStatus(repo, deployment, status)
  })
}
