import type { IWebhook } from '@gwm/domain'
import type { RepoSummary } from '@gwm/github'
import type { HookSecrets } from '@gwm/queue'
import { HttpError } from '@gwm/runtime'
import { hookInput } from './our-hook.ts'
import type { Lease } from './repo-lock.ts'
import { acceptedSecrets } from './published-secrets.ts'
import { findWebhookRow, type WebhookContext } from './target.ts'

export interface RotateResult {
  hookId: number
  rotatedAt: Date
  /** Until when deliveries signed with the old secret are still accepted; null without grace. */
  previousValidUntil: Date | null
}

/** The new secret, recorded as pending before GitHub hears of it; an interrupted rotation's pending one is reused (GitHub may sign with it already). */
async function recordPending(ctx: WebhookContext, row: IWebhook): Promise<{ next: string; reused: boolean }> {
  if (row.pendingSecretEncrypted) return { next: ctx.secrets.open(row.pendingSecretEncrypted, row.githubHookId), reused: true }
  const next = ctx.secrets.generate()
  ctx.em.assign(row, { pendingSecretEncrypted: ctx.secrets.seal(next, row.githubHookId) })
  await ctx.em.flush()
  return { next, reused: false }
}

/** GitHub answered and refused (4xx): it still signs with the current secret. A 5xx or no answer tells nothing. */
const refusedByGitHub = (error: unknown) => error instanceof HttpError && error.statusCode < 500

/**
 * A new secret for our hook, crash-safe: the new secret is recorded as pending (Postgres, then
 * the ingest, which accepts it beside the current one) before GitHub is asked to sign with it,
 * and becomes current in one write once GitHub confirmed. Whatever stops in between, GitHub signs
 * with a secret the ingest accepts; the next rotate call finishes a rotation left pending (the
 * worker's registry rebuild keeps it accepted meanwhile). After completion the old secret is
 * accepted for SECRET_ROTATION_GRACE_S, so deliveries GitHub signed with it (and their
 * redeliveries) still verify. If GitHub refuses the change, the pending secret is dropped.
 */
export async function rotateSecret(ctx: WebhookContext, repo: RepoSummary, lease: Lease): Promise<RotateResult> {
  const { gh, em, secrets, config, owner, repo: name } = ctx
  const row = await findWebhookRow(em, repo)
  if (!row) {
    throw new HttpError(404, 'webhook_not_found', `${repo.fullName} has no webhook of ours: set it up with POST /api/repos/${repo.fullName}/setup-webhook`)
  }
  const hookId = row.githubHookId
  if (!(await gh.hook(owner, name, hookId))) {
    throw new HttpError(404, 'webhook_not_found', `our webhook on ${repo.fullName} was deleted on GitHub: recreate it with POST /api/repos/${repo.fullName}/setup-webhook`)
  }
  const old = secrets.open(row.secretEncrypted, hookId)
  const { next, reused } = await recordPending(ctx, row)
  await secrets.publish(hookId, { ...acceptedSecrets(secrets, row), pending: next })

  await lease.ensureHeld()
  try {
    await gh.updateHook(owner, name, hookId, hookInput(config.WEBHOOK_URL, next))
  } catch (error) {
    if (!refusedByGitHub(error)) {
      throw new HttpError(502, 'rotation_pending', `GitHub did not confirm the new secret of ${repo.fullName} (${(error as Error).message}): ` +
        `deliveries signed with the old or the new secret are both accepted meanwhile; call POST /api/repos/${repo.fullName}/webhook/rotate-secret again to finish the rotation`)
    }
    if (!reused) {
      em.assign(row, { pendingSecretEncrypted: null })
      await em.flush()
      await secrets.publish(hookId, acceptedSecrets(secrets, row))
    }
    throw error
  }

  await lease.ensureHeld()
  const rotatedAt = new Date()
  const graceMs = config.SECRET_ROTATION_GRACE_S * 1000
  const previousValidUntil = graceMs > 0 ? new Date(rotatedAt.getTime() + graceMs) : null
  em.assign(row, {
    secretEncrypted: secrets.seal(next, hookId),
    previousSecretEncrypted: previousValidUntil ? secrets.seal(old, hookId) : null,
    previousSecretExpiresAt: previousValidUntil,
    pendingSecretEncrypted: null,
  })
  await em.flush()
  const published: HookSecrets = { ...(previousValidUntil ? { current: next, previous: old, previousUntil: previousValidUntil.getTime() } : { current: next }), repositoryId: row.repository.githubId }
  await secrets.publish(hookId, published)
  return { hookId, rotatedAt, previousValidUntil }
}
