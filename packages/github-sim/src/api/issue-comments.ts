import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { SimContext } from '../context.ts'
import { allows } from '../apps/permissions.ts'
import { GitHubError, notAccessibleByIntegration, notFound, validationFailed } from '../errors.ts'
import { isoSeconds } from '../git.ts'
import type { IssueComment, Repo } from '../model.ts'
import { type AuthorAssociation, issueCommentShape } from '../shapes/issue-comment.ts'
import { Store } from '../store.ts'
import { visibleRepo } from './access.ts'
import { paginate } from './paging.ts'
import { accountOf, actingApp, requireWriter } from './writer.ts'

const DOCS = 'https://docs.github.com/rest/issues/comments'
const MAX_BODY = 65_536
// Pull requests are issues: an App may comment on one with either permission.
const WRITE = { permissions: ['issues', 'pull_requests'], scopes: ['repo'], role: 'pull' as const }

/** The comment text of a create or update body; GitHub's 422s for a missing, non-string or too long one. */
function commentBody(raw: unknown, docs: string): string {
  const value = typeof raw === 'object' && raw !== null ? (raw as { body?: unknown }).body : undefined
  if (value === undefined) throw new GitHubError(422, 'Invalid request.\n\n"body" wasn\'t supplied.', { documentationUrl: docs })
  if (typeof value !== 'string') throw new GitHubError(422, `Invalid request.\n\nFor 'properties/body', ${JSON.stringify(value)} is not a string.`, { documentationUrl: docs })
  if (value.length > MAX_BODY) throw validationFailed([{ resource: 'IssueComment', code: 'custom', field: 'body', message: `body is too long (maximum is ${MAX_BODY} characters)` }], docs)
  return value
}

/** Comments on issues and pull requests: create, update, list (oldest first), get. */
export function issueCommentRoutes(app: FastifyInstance, ctx: SimContext): void {
  const association = (repo: Repo, comment: IssueComment): AuthorAssociation => {
    if (comment.user.toLowerCase() === repo.owner.toLowerCase()) return 'OWNER'
    if (repo.collaborators.has(comment.user.toLowerCase())) return 'COLLABORATOR'
    if (ctx.store.account(repo.owner)?.members.has(comment.user.toLowerCase())) return 'MEMBER'
    return 'NONE'
  }
  const show = (repo: Repo, comment: IssueComment) =>
    issueCommentShape(ctx.urls, repo, comment, accountOf(ctx, comment.user, comment.appId), association(repo, comment), actingApp(ctx, comment.appId))
  const readable = (req: FastifyRequest, docs: string) => {
    const { grant, repo } = visibleRepo(ctx, req)
    if (grant && !allows(grant, 'issues', 'read') && !allows(grant, 'pull_requests', 'read')) throw notAccessibleByIntegration(docs)
    return { repo }
  }
  const commentOf = (repo: Repo, req: FastifyRequest): IssueComment => {
    const { comment_id: id } = req.params as { comment_id: string }
    const comment = /^\d+$/.test(id) ? repo.issueComments.get(Number(id)) : undefined
    if (!comment) throw notFound()
    return comment
  }
  const issueNumber = (repo: Repo, req: FastifyRequest): number => {
    const number = Number((req.params as { issue_number: string }).issue_number)
    if (!repo.pulls.has(number)) throw notFound()
    return number
  }

  app.post('/repos/:owner/:repo/issues/:issue_number/comments', async (req, reply) => {
    const docs = `${DOCS}#create-an-issue-comment`
    const access = visibleRepo(ctx, req)
    const writer = requireWriter(ctx, req, access, { ...WRITE, docs })
    const number = issueNumber(access.repo, req)
    const at = isoSeconds(new Date())
    const comment: IssueComment = { id: ctx.store.nextId('issueComment'), issueNumber: number, body: commentBody(req.body, docs), user: writer.login, appId: writer.appId, createdAt: at, updatedAt: at }
    access.repo.issueComments.set(comment.id, comment)
    return reply.code(201).send(show(access.repo, comment))
  })

  app.patch('/repos/:owner/:repo/issues/comments/:comment_id', async (req) => {
    const docs = `${DOCS}#update-an-issue-comment`
    const access = visibleRepo(ctx, req)
    const writer = requireWriter(ctx, req, access, { ...WRITE, docs })
    const comment = commentOf(access.repo, req)
    // Someone else's comment needs write access to the repository (an App's permission gives it).
    const own = comment.user.toLowerCase() === writer.login.toLowerCase()
    if (!own && access.grant === undefined && !Store.hasAtLeast(ctx.store.permission(writer.login, access.repo), 'push')) throw new GitHubError(403, 'Must have write access to update this comment.', { documentationUrl: docs })
    comment.body = commentBody(req.body, docs)
    comment.updatedAt = isoSeconds(new Date())
    return show(access.repo, comment)
  })

  app.get('/repos/:owner/:repo/issues/:issue_number/comments', async (req, reply) => {
    const { repo } = readable(req, `${DOCS}#list-issue-comments`)
    const number = issueNumber(repo, req)
    const { since } = req.query as { since?: string }
    if (since !== undefined && Number.isNaN(Date.parse(since))) throw validationFailed([{ resource: 'IssueComment', code: 'invalid', field: 'since' }], `${DOCS}#list-issue-comments`)
    const comments = [...repo.issueComments.values()]
      .filter((comment) => comment.issueNumber === number && (since === undefined || Date.parse(comment.updatedAt) >= Date.parse(since)))
      .sort((a, b) => a.id - b.id)
    return paginate(ctx, req, reply, comments).map((comment) => show(repo, comment))
  })

  app.get('/repos/:owner/:repo/issues/comments/:comment_id', async (req) => {
    const { repo } = readable(req, `${DOCS}#get-an-issue-comment`)
    return show(repo, commentOf(repo, req))
  })
}
