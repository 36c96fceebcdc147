import type { GitHubClient } from './client.ts'
import { GitHubApiError } from './errors.ts'
import { mapped } from './map-error.ts'
import { parseLink } from './paging.ts'
import type { RepoRef } from './hooks.ts'

export interface DeliverySummary {
  id: number
  guid: string
  deliveredAt: string
  redelivery: boolean
  statusCode: number
  status: string
  event: string
  action: string | null
  duration: number
}

const succeeded = (delivery: DeliverySummary) => delivery.statusCode >= 200 && delivery.statusCode < 300

export interface DeliveriesOptions extends RepoRef {
  hookId: number
  /** Only deliveries at or after this time (GitHub keeps about 3 days). */
  since?: Date
  /** Stop after this many pages of 100 (default 10). */
  maxPages?: number
}

/** A hook's deliveries, newest first, following the cursor pages back to `since`. */
export async function listDeliveries(github: GitHubClient, options: DeliveriesOptions): Promise<DeliverySummary[]> {
  const out: DeliverySummary[] = []
  let cursor: string | null = null
  for (let page = 0; page < (options.maxPages ?? 10); page++) {
    const res = await mapped(() => github.rest.repos.listWebhookDeliveries({
      owner: options.owner, repo: options.repo, hook_id: options.hookId, per_page: 100, ...(cursor ? { cursor } : {}),
    }))
    for (const item of res.data) {
      if (options.since && Date.parse(item.delivered_at) < options.since.getTime()) return out
      out.push({
        id: item.id, guid: item.guid, deliveredAt: item.delivered_at, redelivery: item.redelivery, statusCode: item.status_code,
        status: item.status, event: item.event, action: item.action ?? null, duration: item.duration,
      })
    }
    cursor = parseLink(res.headers.link).nextCursor
    if (!cursor) break
  }
  return out
}

/**
 * GitHub's recipe for missed events: the newest attempt of every delivery GUID that never
 * succeeded (a later successful redelivery clears a GUID).
 */
export async function listFailedDeliveries(github: GitHubClient, options: DeliveriesOptions): Promise<DeliverySummary[]> {
  const all = await listDeliveries(github, options)
  const ok = new Set(all.filter(succeeded).map((delivery) => delivery.guid))
  const failed = new Map<string, DeliverySummary>()
  for (const delivery of all) if (!ok.has(delivery.guid) && !failed.has(delivery.guid)) failed.set(delivery.guid, delivery)
  return [...failed.values()]
}

export async function redeliver(github: GitHubClient, ref: RepoRef & { hookId: number; deliveryId: number }): Promise<void> {
  await mapped(() => github.rest.repos.redeliverWebhookDelivery({ owner: ref.owner, repo: ref.repo, hook_id: ref.hookId, delivery_id: ref.deliveryId }))
}

export interface RedeliveryReport {
  redelivered: DeliverySummary[]
  failed: Array<{ delivery: DeliverySummary; error: string }>
}

/** Asks GitHub to redeliver every failed GUID once; one refusal does not stop the rest. */
export async function redeliverFailed(github: GitHubClient, options: DeliveriesOptions): Promise<RedeliveryReport> {
  const report: RedeliveryReport = { redelivered: [], failed: [] }
  for (const delivery of await listFailedDeliveries(github, options)) {
    try {
      await redeliver(github, { ...options, deliveryId: delivery.id })
      report.redelivered.push(delivery)
    } catch (error) {
      // Rate limits and outages stop the run: the rest would fail the same way.
      if (error instanceof GitHubApiError && (error.code === 'rate_limited' || error.code === 'unavailable' || error.code === 'bad_credentials')) throw error
      report.failed.push({ delivery, error: (error as Error).message })
    }
  }
  return report
}
