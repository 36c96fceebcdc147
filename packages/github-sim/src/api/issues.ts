import type { FastifyInstance } from 'fastify'
import { allows } from '../apps/permissions.ts'
import type { SimContext } from '../context.ts'
import { notAccessibleByIntegration, notFound } from '../errors.ts'
import { labelShape } from '../shapes/label.ts'
import { visibleRepo } from './access.ts'
import { issueCommentRoutes } from './issue-comments.ts'
import { paginate } from './paging.ts'

const LABELS_DOCS = 'https://docs.github.com/rest/issues/labels#list-labels-for-an-issue'

/** GET …/issues/{n}/labels: a pull request's labels (pull requests are issues); and comments (issue-comments.ts). */
export function issueRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get('/repos/:owner/:repo/issues/:issue_number/labels', async (req, reply) => {
    const access = visibleRepo(ctx, req)
    const { grant, repo } = access
    if (grant && !allows(grant, 'issues', 'read') && !allows(grant, 'pull_requests', 'read')) throw notAccessibleByIntegration(LABELS_DOCS)
    const pr = repo.pulls.get(Number((req.params as { issue_number: string }).issue_number))
    if (!pr) throw notFound()
    const labels = pr.labels.map((name) => repo.labels.get(name.toLowerCase())!)
    return paginate(ctx, req, reply, labels).map((label) => labelShape(ctx.urls, repo, label))
  })
  issueCommentRoutes(app, ctx)
}
