import type { EntityManager } from '@gwm/domain'
import { type GitHubApp, GitHubApiError } from '@gwm/github'
import { createQueue, QUEUES } from '@gwm/queue'
import type { FastifyBaseLogger } from 'fastify'
import type { ReconcileMetrics } from './metrics.ts'
import { pendingDeliveries } from './pending-deliveries.ts'
import { claimRedeliveries, type RedeliveryCandidate, releaseClaims, storedGuids } from './redelivery-claims.ts'
import type { MakeReconcileRun } from './types.ts'
import { advanceWatermark, readWatermark } from './watermark.ts'

type Attempt = Awaited<ReturnType<GitHubApp['listHookDeliveries']>>[number]

const APP_DELIVERIES_WATERMARK = 'deliveries:app'
/** GitHub redelivers attempts of the last 3 days; the margin keeps the oldest we ask for clear of that edge. */
export const REDELIVERY_WINDOW_MS = 3 * 86_400_000 - 10 * 60_000
/** Pages of 100 attempts read per run (newest first). */
const MAX_PAGES = 50

const succeeded = (attempt: Attempt) => attempt.statusCode >= 200 && attempt.statusCode < 300
/** Errors that would refuse every other redelivery of this run the same way: stop, and ask again next run. */
const stopsTheRun = (error: unknown) =>
  !(error instanceof GitHubApiError) || ['rate_limited', 'unavailable', 'bad_credentials'].includes(error.code) || error.status === 0 || error.status === 401

interface DeliveriesReport {
  listed: number
  /** GUIDs younger than the grace period, or answered 2xx and still waiting to be stored: on their way through the inbox. */
  inFlight: number
  failed: number
  missing: number
  /** Redeliveries GitHub refused (e.g. too old): not asked again. */
  refused: number
  watermark: string | null
}

interface ReconcileAppDeliveriesOptions {
  app: GitHubApp
  em: EntityManager
  graceMs: number
  metrics: ReconcileMetrics
  log: FastifyBaseLogger
  /** Delivery ids waiting in the inbox or the events queue (null: too many to tell); none when absent. */
  pending?: Set<string> | null
  now?: Date
}

/** Attempts by GUID, each list newest first (GitHub lists newest first). */
function byGuid(attempts: Attempt[]): Map<string, Attempt[]> {
  const groups = new Map<string, Attempt[]>()
  for (const attempt of attempts) {
    const group = groups.get(attempt.guid)
    if (group) group.push(attempt)
    else groups.set(attempt.guid, [attempt])
  }
  return groups
}

/**
 * One run of the App-mode delivery reconciliation: the App webhook's attempts since the
 * watermark (never older than GitHub's redelivery window), grouped by GUID. A GUID none of whose
 * attempts succeeded is redelivered (`failed`); one that succeeded but is not in webhook_events
 * was answered 2xx and lost before it was stored (`missing`). A GUID seen within the grace period
 * may still be in the inbox, and one still waiting there or in the events queue (a backlog longer
 * than the grace period) is not lost: both are left for a later run, the watermark before them.
 * A `redeliveries` row claims each GUID: asked for once, and again at a later run (at most three
 * times) while its redelivery does not make it either. An outage or rate limit fails the
 * run with the watermark where it was; claims not asked for are given back.
 */
export async function reconcileAppDeliveries(opts: ReconcileAppDeliveriesOptions): Promise<DeliveriesReport> {
  const { app, em, metrics, log } = opts
  const now = opts.now ?? new Date()
  const mark = await readWatermark(em, APP_DELIVERIES_WATERMARK)
  const windowStart = new Date(now.getTime() - REDELIVERY_WINDOW_MS)
  const since = mark && mark > windowStart ? mark : windowStart
  const attempts = (await app.listHookDeliveries(since, MAX_PAGES)).filter((attempt) => Date.parse(attempt.deliveredAt) >= since.getTime())
  if (attempts.length >= MAX_PAGES * 100) log.warn({ since, listed: attempts.length }, 'more App webhook deliveries since the watermark than one run reads: the oldest are not checked; shorten RECONCILE_DELIVERIES_INTERVAL_MS')

  const cutoff = now.getTime() - opts.graceMs
  const settled: Array<[string, Attempt[]]> = []
  let oldestUnsettled = Number.POSITIVE_INFINITY
  for (const [guid, group] of byGuid(attempts)) {
    if (Date.parse(group[0]!.deliveredAt) > cutoff) {
      for (const attempt of group) oldestUnsettled = Math.min(oldestUnsettled, Date.parse(attempt.deliveredAt))
    } else {
      settled.push([guid, group])
    }
  }

  const okGuids = settled.filter(([, group]) => group.some(succeeded)).map(([guid]) => guid)
  const stored = await storedGuids(em, okGuids)
  const pending = opts.pending === undefined ? new Set<string>() : opts.pending
  const candidates: RedeliveryCandidate[] = []
  let waiting = 0
  for (const [guid, group] of settled) {
    const ok = group.find(succeeded)
    if (!ok) candidates.push({ guid, attemptId: group[0]!.id, reason: 'failed' })
    else if (stored.has(guid)) continue
    else if (pending === null || pending.has(guid)) {
      waiting += 1
      for (const attempt of group) oldestUnsettled = Math.min(oldestUnsettled, Date.parse(attempt.deliveredAt))
    } else candidates.push({ guid, attemptId: ok.id, reason: 'missing' })
  }

  const claimed = await claimRedeliveries(em, 'app', candidates, opts.graceMs, now)
  const report: DeliveriesReport = { listed: attempts.length, inFlight: byGuid(attempts).size - settled.length + waiting, failed: 0, missing: 0, refused: 0, watermark: null }
  for (const [index, candidate] of claimed.entries()) {
    try {
      await app.redeliverHookDelivery(candidate.attemptId)
    } catch (error) {
      if (stopsTheRun(error)) {
        await releaseClaims(em, claimed.slice(index).map((claim) => claim.guid))
        throw error
      }
      report.refused += 1
      log.warn({ err: error, deliveryId: candidate.guid, reason: candidate.reason }, 'GitHub refused a redelivery: it is not asked for again')
      continue
    }
    report[candidate.reason] += 1
    metrics.redeliveries.inc({ reason: candidate.reason })
    log.info({ deliveryId: candidate.guid, event: settled.find(([guid]) => guid === candidate.guid)?.[1][0]?.event, reason: candidate.reason }, 'asked GitHub to redeliver')
  }

  const newest = Math.max(...settled.flatMap(([, group]) => group.map((attempt) => Date.parse(attempt.deliveredAt))))
  const next = Math.min(newest, oldestUnsettled)
  if (Number.isFinite(next) && (!mark || next > mark.getTime())) {
    await advanceWatermark(em, APP_DELIVERIES_WATERMARK, new Date(next))
    report.watermark = new Date(next).toISOString()
  } else {
    report.watermark = mark?.toISOString() ?? null
  }
  return report
}

/** `reconcile-deliveries`: App mode only (OAuth mode holds no credential without a signed-in user). */
export const makeReconcileDeliveries: MakeReconcileRun = ({ githubApp, orm, config, redis, metrics, log }) => {
  let told = false
  return async () => {
    if (!githubApp) {
      if (!told) log.info('delivery reconciliation is off in OAuth App mode: the worker holds no GitHub credential for repository hooks (redeliver failed deliveries by hand with the gateway\'s redeliver-failed route)')
      told = true
      return { skipped: 'OAuth App mode' }
    }
    // Deliveries not stored yet are read before Postgres is: one moving meanwhile is seen in one of the two.
    const events = createQueue(QUEUES.events, redis, config.QUEUE_PREFIX)
    const pending = await pendingDeliveries(redis, config.QUEUE_PREFIX, events).finally(() => events.close())
    return { ...(await reconcileAppDeliveries({ app: githubApp, em: orm.em.fork(), graceMs: config.RECONCILE_GRACE_MS, pending: pending?.deliveryIds ?? null, metrics, log })) }
  }
}
