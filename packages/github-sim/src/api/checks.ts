import type { FastifyInstance, FastifyRequest } from 'fastify'
import { matchingPulls } from '../checks.ts'
import type { SimContext } from '../context.ts'
import { GitHubError, validationFailed } from '../errors.ts'
import { resolveRef } from '../git.ts'
import type { CheckRun, CheckSuite, Repo } from '../model.ts'
import { checkRunObject, checkSuiteObject } from '../shapes/checks.ts'
import { minimalRepository } from '../shapes/repo.ts'
import { requirePermission, visibleRepo } from './access.ts'
import { type PageQuery, paginate } from './paging.ts'

const SUITES_DOCS = 'https://docs.github.com/rest/checks/suites#list-check-suites-for-a-git-reference'
const RUNS_DOCS = 'https://docs.github.com/rest/checks/runs#list-check-runs-for-a-git-reference'

interface ChecksQuery extends PageQuery {
  app_id?: string
  check_name?: string
  status?: string
  filter?: string
}

/** The repository (checks: read for App credentials) and the commit `ref` names. */
function commitOf(ctx: SimContext, req: FastifyRequest, docs: string): { repo: Repo; sha: string } {
  const access = visibleRepo(ctx, req)
  requirePermission(access, 'checks', 'read', docs)
  const { ref } = req.params as { ref: string }
  const sha = resolveRef(access.repo, ref)
  if (!sha) throw new GitHubError(422, `No commit found for SHA: ${ref}`, { documentationUrl: docs })
  return { repo: access.repo, sha }
}

/** GET …/commits/{ref}/check-suites and …/check-runs: the checks CI Apps reported for a commit, oldest first. */
export function checkRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get('/repos/:owner/:repo/commits/:ref/check-suites', async (req, reply) => {
    const { repo, sha } = commitOf(ctx, req, SUITES_DOCS)
    const query = req.query as ChecksQuery
    const runs = (suite: CheckSuite) => suite.runIds.map((id) => repo.checkRuns.get(id)!)
    const suites = [...repo.checkSuites.values()].filter((suite) =>
      suite.headSha === sha &&
      (query.app_id === undefined || String(suite.app.id) === query.app_id) &&
      (query.check_name === undefined || runs(suite).some((run) => run.name === query.check_name)))
    const owner = ctx.store.requireAccount(repo.owner)
    const page = paginate(ctx, req, reply, suites)
    return {
      total_count: suites.length,
      check_suites: page.map((suite) => ({ ...checkSuiteObject(ctx.urls, repo, suite, matchingPulls(ctx.urls, repo, suite)), repository: minimalRepository(ctx.urls, repo, owner) })),
    }
  })

  app.get('/repos/:owner/:repo/commits/:ref/check-runs', async (req, reply) => {
    const { repo, sha } = commitOf(ctx, req, RUNS_DOCS)
    const query = req.query as ChecksQuery
    if (query.status !== undefined && !['queued', 'in_progress', 'completed'].includes(query.status)) throw validationFailed([{ resource: 'CheckRun', field: 'status', code: 'invalid' }], RUNS_DOCS)
    if (query.filter !== undefined && query.filter !== 'latest' && query.filter !== 'all') throw validationFailed([{ resource: 'CheckRun', field: 'filter', code: 'invalid' }], RUNS_DOCS)
    const suiteOf = (run: CheckRun) => repo.checkSuites.get(run.suiteId)!
    let runs = [...repo.checkRuns.values()].filter((run) =>
      run.headSha === sha &&
      (query.app_id === undefined || String(suiteOf(run).app.id) === query.app_id) &&
      (query.check_name === undefined || run.name === query.check_name) &&
      (query.status === undefined || run.status === query.status))
    // `latest` (the default): of the runs an App made with one name, the newest.
    if (query.filter !== 'all') runs = runs.filter((run) => !runs.some((other) => other.id > run.id && other.name === run.name && suiteOf(other).app.id === suiteOf(run).app.id))
    const page = paginate(ctx, req, reply, runs)
    return {
      total_count: runs.length,
      check_runs: page.map((run) => {
        const suite = suiteOf(run)
        return checkRunObject(ctx.urls, repo, run, suite.app, { id: suite.id }, matchingPulls(ctx.urls, repo, suite))
      }),
    }
  })
}
