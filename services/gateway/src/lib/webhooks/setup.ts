import { type IWebhook, Webhook } from '@gwm/domain'
import type { HookInfo, RepoSummary } from '@gwm/github'
import { drift, hookInput } from './our-hook.ts'
import { acceptedSecrets } from './published-secrets.ts'
import { findOurHook, findWebhookRow, releaseHookId, upsertRepository, type WebhookContext } from './target.ts'

type SetupOutcome = 'created' | 'adopted' | 'repaired' | 'unchanged'

export interface SetupResult {
  outcome: SetupOutcome
  /** What was wrong with the hook on GitHub and got fixed. */
  repaired: string[]
  row: IWebhook
  hook: HookInfo
}

/**
 * Makes the repository have exactly our hook, idempotently:
 * - none on GitHub: create one with a fresh secret (GitHub's 422 "already exists" adopts it);
 * - ours, right: nothing changes (the secret is re-published, in case Redis lost it);
 * - ours, edited on GitHub (events, inactive, url, content type): put it back, same secret;
 * - one at WEBHOOK_URL we hold no secret for: adopt it with a fresh secret.
 * Then the row is stored (secret sealed), the secret published for the ingest, and a ping
 * requested so GitHub's first delivery verifies the hook. A row of another repository that
 * still holds the hook's id (left behind by a hook deleted on GitHub) is replaced in the same
 * transaction, with a warning naming both repositories.
 */
export async function setupWebhook(ctx: WebhookContext, repo: RepoSummary): Promise<SetupResult> {
  const { gh, em, secrets, config, owner, repo: name } = ctx
  const url = config.WEBHOOK_URL
  const repository = await upsertRepository(em, repo)
  let row = await findWebhookRow(em, repo)
  const found = findOurHook(await gh.hooks(owner, name), row, url)

  let outcome: SetupOutcome
  let repaired: string[] = []
  let hook: HookInfo
  let secret: string
  let freshSecret = true
  if (!found) {
    secret = secrets.generate()
    const ensured = await gh.ensureHook(owner, name, hookInput(url, secret))
    hook = ensured.hook
    outcome = ensured.action === 'created' ? 'created' : 'adopted'
  } else if (row && row.githubHookId === found.id) {
    secret = secrets.open(row.secretEncrypted, row.githubHookId)
    freshSecret = false
    repaired = drift(found, url)
    hook = repaired.length > 0 ? await gh.updateHook(owner, name, found.id, hookInput(url, secret)) : found
    outcome = repaired.length > 0 ? 'repaired' : 'unchanged'
  } else {
    secret = secrets.generate()
    repaired = drift(found, url)
    hook = await gh.updateHook(owner, name, found.id, hookInput(url, secret))
    outcome = 'adopted'
  }

  const replaced = row && row.githubHookId !== hook.id ? row.githubHookId : null
  if (row && replaced !== null) {
    // Our old hook is gone from GitHub: this row now describes the new one.
    row.verifiedAt = null
  }
  const existing = row
  row = await em.transactional(async (tx) => {
    // GitHub never hands out a hook id twice: another repository's row holding this one is stale.
    const stale = await releaseHookId(tx, hook.id, repository)
    if (stale) {
      ctx.log.warn({ hookId: hook.id, repository: repository.fullName, staleRepository: stale.fullName },
        `hook id ${hook.id} of ${repository.fullName} was still stored for ${stale.fullName}, whose hook is gone from GitHub: its stale row is replaced`)
    }
    if (!existing) {
      return tx.create(Webhook, {
        githubHookId: hook.id,
        repository,
        connectedBy: ctx.user,
        events: [...hook.events],
        secretEncrypted: secrets.seal(secret, hook.id),
        active: hook.active,
      })
    }
    tx.assign(existing, {
      githubHookId: hook.id,
      connectedBy: ctx.user,
      events: [...hook.events],
      active: hook.active,
      ...(freshSecret ? { secretEncrypted: secrets.seal(secret, hook.id), previousSecretEncrypted: null, previousSecretExpiresAt: null, pendingSecretEncrypted: null } : {}),
    })
    return existing
  })

  // A kept secret keeps its rotation's previous (while its grace lasts) and pending secrets.
  await secrets.publish(hook.id, acceptedSecrets(secrets, row))
  if (replaced !== null) await secrets.remove(replaced)

  if (outcome !== 'unchanged' || !row.verifiedAt) {
    await gh.pingHook(owner, name, hook.id).catch((error: unknown) => {
      ctx.log.warn({ err: error, hookId: hook.id }, 'could not ask GitHub to ping the hook; it will verify on its first event')
    })
  }
  return { outcome, repaired, row, hook }
}
