import type { GhDelivery } from '../github-types.ts'
import type { WebhookContext } from './target.ts'

export interface RedeliverResult {
  inspected: number
  redelivered: Array<{ guid: string; deliveryId: number; event: string }>
  /** Failed deliveries GitHub would not redeliver (it keeps them for a limited time). */
  errors: Array<{ guid: string; deliveryId: number; message: string }>
}

const succeeded = (delivery: GhDelivery) => delivery.status_code >= 200 && delivery.status_code < 300

/**
 * GitHub's recipe for failed deliveries: list the hook's recent deliveries, group the attempts
 * of each event by its GUID, and ask GitHub to redeliver (the latest attempt of) every event
 * none of whose attempts succeeded. The ingest de-duplicates by GUID, so a redelivery of
 * something that got through after all changes nothing.
 */
export async function redeliverFailed(ctx: WebhookContext, hookId: number, options: { since: Date; limit: number }): Promise<RedeliverResult> {
  const deliveries = (await ctx.gh.deliveries(ctx.owner, ctx.repo, hookId, options.limit))
    .filter((delivery) => new Date(delivery.delivered_at) >= options.since)
  const byGuid = new Map<string, GhDelivery[]>()
  for (const delivery of deliveries) byGuid.set(delivery.guid, [...(byGuid.get(delivery.guid) ?? []), delivery])

  const result: RedeliverResult = { inspected: deliveries.length, redelivered: [], errors: [] }
  for (const [guid, attempts] of byGuid) {
    if (attempts.some(succeeded)) continue
    const latest = attempts.reduce((a, b) => (new Date(b.delivered_at) > new Date(a.delivered_at) ? b : a))
    try {
      await ctx.gh.redeliver(ctx.owner, ctx.repo, hookId, latest.id)
      result.redelivered.push({ guid, deliveryId: latest.id, event: latest.event })
    } catch (error) {
      result.errors.push({ guid, deliveryId: latest.id, message: error instanceof Error ? error.message : String(error) })
    }
  }
  return result
}
