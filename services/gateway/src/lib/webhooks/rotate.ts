import { HttpError } from '@gwm/runtime'
import { hookInput } from './our-hook.ts'
import { adminRepo, findWebhookRow, type WebhookContext } from './target.ts'

export interface RotateResult {
  hookId: number
  rotatedAt: Date
  /** Until when deliveries signed with the old secret are still accepted; null without grace. */
  previousValidUntil: Date | null
}

/**
 * A new secret for our hook. The ingest accepts the new and the old one during
 * SECRET_ROTATION_GRACE_S, so deliveries already signed by GitHub with the old secret (and
 * its redeliveries) still verify. If GitHub refuses the change, everything is put back.
 */
export async function rotateSecret(ctx: WebhookContext): Promise<RotateResult> {
  const { gh, em, secrets, config, owner, repo: name } = ctx
  const repo = await adminRepo(ctx)
  const row = await findWebhookRow(em, repo)
  if (!row) {
    throw new HttpError(404, 'webhook_not_found', `${repo.fullName} has no webhook of ours: set it up with POST /api/repos/${repo.fullName}/setup-webhook`)
  }
  const hookId = row.githubHookId
  if (!(await gh.hook(owner, name, hookId))) {
    throw new HttpError(404, 'webhook_not_found', `our webhook on ${repo.fullName} was deleted on GitHub: recreate it with POST /api/repos/${repo.fullName}/setup-webhook`)
  }
  const old = secrets.open(row.secretEncrypted, hookId)
  const next = secrets.generate()
  const rotatedAt = new Date()
  const graceMs = config.SECRET_ROTATION_GRACE_S * 1000
  const previousValidUntil = graceMs > 0 ? new Date(rotatedAt.getTime() + graceMs) : null

  // Ingest first: from now on it accepts both, whichever GitHub signs with.
  await secrets.publish(hookId, { current: next, previous: old, previousUntil: rotatedAt.getTime() + Math.max(graceMs, 60_000) })
  try {
    await gh.updateHook(owner, name, hookId, hookInput(config.WEBHOOK_URL, next))
  } catch (error) {
    await secrets.publish(hookId, { current: old })
    throw error
  }
  if (previousValidUntil) {
    em.assign(row, { secretEncrypted: secrets.seal(next, hookId), previousSecretEncrypted: secrets.seal(old, hookId), previousSecretExpiresAt: previousValidUntil })
  } else {
    em.assign(row, { secretEncrypted: secrets.seal(next, hookId), previousSecretEncrypted: null, previousSecretExpiresAt: null })
  }
  await em.flush()
  await secrets.publish(hookId, previousValidUntil
    ? { current: next, previous: old, previousUntil: previousValidUntil.getTime() }
    : { current: next })
  return { hookId, rotatedAt, previousValidUntil }
}
