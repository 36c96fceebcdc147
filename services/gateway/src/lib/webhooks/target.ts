import type { GatewayConfig } from '@gwm/config'
import { type EntityManager, type IRepository, type IUser, type IWebhook, Repository, Webhook } from '@gwm/domain'
import { HttpError } from '@gwm/runtime'
import type { FastifyBaseLogger } from 'fastify'
import type { HookInfo, RepoSummary } from '@gwm/github'
import { isUniqueViolation } from '../db/unique-violation.ts'
import type { GitHubClients, UserGitHub } from '../github/user-github.ts'
import type { HookSecretStore } from './hook-secrets.ts'
import { pointsAt } from './our-hook.ts'

/** Everything a webhook operation needs, for one request. */
export interface WebhookContext {
  gh: UserGitHub
  em: EntityManager
  secrets: HookSecretStore
  config: GatewayConfig
  user: IUser
  log: FastifyBaseLogger
  owner: string
  repo: string
}

export function webhookContext(
  app: { github: GitHubClients; hookSecrets: HookSecretStore; config: GatewayConfig },
  req: { em: EntityManager; log: FastifyBaseLogger; params: { owner: string; repo: string } },
  signedIn: { user: IUser; githubToken: string },
): WebhookContext {
  return {
    gh: app.github.forToken(signedIn.githubToken),
    em: req.em,
    secrets: app.hookSecrets,
    config: app.config,
    user: signedIn.user,
    log: req.log,
    owner: req.params.owner,
    repo: req.params.repo,
  }
}

/** The repository, if the user may manage its hooks (GitHub requires admin), else 403. */
export async function adminRepo(ctx: WebhookContext): Promise<RepoSummary> {
  const repo = await ctx.gh.repo(ctx.owner, ctx.repo)
  if (!repo.permissions?.admin) {
    throw new HttpError(403, 'forbidden', `you need admin rights on ${repo.fullName} to manage its webhooks: ask an admin of the repository`)
  }
  return repo
}

/** Our Repository row for a GitHub repository, created or refreshed. */
export async function upsertRepository(em: EntityManager, repo: RepoSummary): Promise<IRepository> {
  const fields = { fullName: repo.fullName, private: repo.private, defaultBranch: repo.defaultBranch }
  const existing = await em.findOne(Repository, { githubId: repo.id })
  if (existing) {
    em.assign(existing, fields)
    await em.flush()
    return existing
  }
  const created = em.create(Repository, { githubId: repo.id, ...fields })
  try {
    await em.flush()
    return created
  } catch (error) {
    // The worker stored the same repository from an event meanwhile: use its row.
    if (!isUniqueViolation(error)) throw error
    em.clear()
    return upsertRepository(em, repo)
  }
}

/**
 * Deletes the row of another repository that holds this GitHub hook id, and returns that
 * repository. GitHub never reuses hook ids, so such a row is stale: its hook is gone (a GitHub
 * simulator restarted with fresh state can hand the id out again). Call it in the transaction
 * that stores the hook's own row.
 */
export async function releaseHookId(em: EntityManager, hookId: number, owner: IRepository): Promise<IRepository | null> {
  // Read outside the identity map: the row is deleted below, not through this unit of work.
  const stale = await em.findOne(Webhook, { githubHookId: hookId, repository: { $ne: owner.id } }, { populate: ['repository'], disableIdentityMap: true })
  if (!stale) return null
  await em.nativeDelete(Webhook, { id: stale.id })
  return stale.repository
}

export const findWebhookRow = (em: EntityManager, repo: RepoSummary) =>
  em.findOne(Webhook, { repository: { githubId: repo.id } }, { populate: ['repository'] })

/** Our hook on GitHub: the one our row names, else one pointing at WEBHOOK_URL. */
export function findOurHook(hooks: HookInfo[], row: IWebhook | null, url: string): HookInfo | undefined {
  return (row ? hooks.find((hook) => hook.id === row.githubHookId) : undefined) ?? hooks.find((hook) => pointsAt(hook, url))
}

/** The row and the hook, or 404 when neither exists. */
export async function existingWebhook(ctx: WebhookContext, repo: RepoSummary): Promise<{ row: IWebhook | null; hook: HookInfo | undefined }> {
  const row = await findWebhookRow(ctx.em, repo)
  const hook = findOurHook(await ctx.gh.hooks(ctx.owner, ctx.repo), row, ctx.config.WEBHOOK_URL)
  if (!row && !hook) {
    throw new HttpError(404, 'webhook_not_found', `${repo.fullName} has no webhook of ours: set it up with POST /api/repos/${repo.fullName}/setup-webhook`)
  }
  return { row, hook }
}
