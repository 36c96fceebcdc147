import { type EntityManager, type IWebhook, Webhook } from '@gwm/domain'

type WebhookStatus = 'none' | 'pending' | 'connected' | 'inactive'

export interface WebhookSummary {
  status: WebhookStatus
  hookId: number | null
  verifiedAt: string | null
}

export function summarize(webhook: IWebhook | null | undefined): WebhookSummary {
  if (!webhook) return { status: 'none', hookId: null, verifiedAt: null }
  const status: WebhookStatus = !webhook.active ? 'inactive' : webhook.verifiedAt ? 'connected' : 'pending'
  return { status, hookId: webhook.githubHookId, verifiedAt: webhook.verifiedAt?.toISOString() ?? null }
}

/** Our webhook rows for some GitHub repository ids, by repository id. */
export async function webhooksByRepo(em: EntityManager, githubRepoIds: number[]): Promise<Map<number, IWebhook>> {
  if (githubRepoIds.length === 0) return new Map()
  const rows = await em.find(Webhook, { repository: { githubId: { $in: githubRepoIds } } }, { populate: ['repository'] })
  return new Map(rows.map((row) => [row.repository.githubId, row]))
}
