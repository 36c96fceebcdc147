import type { RepoSummary } from '@gwm/github'
import { existingWebhook, type WebhookContext } from './target.ts'

/** Deletes our hook on GitHub (already gone is fine), its row and its published secret. */
export async function removeWebhook(ctx: WebhookContext, repo: RepoSummary): Promise<{ hookId: number; deletedOnGitHub: boolean }> {
  const { gh, em, secrets, owner, repo: name } = ctx
  const { row, hook } = await existingWebhook(ctx, repo)
  const deletedOnGitHub = hook ? await gh.deleteHook(owner, name, hook.id) : false
  if (row) {
    em.remove(row)
    await em.flush()
    await secrets.remove(row.githubHookId)
  }
  if (hook && hook.id !== row?.githubHookId) await secrets.remove(hook.id)
  return { hookId: (row?.githubHookId ?? hook?.id)!, deletedOnGitHub }
}
