import { randomUUID } from 'node:crypto'
import type { EntityManager } from '@mikro-orm/postgresql'
import { requestDetails } from '../callbacks/details.ts'
import { decide } from '../rules/derive-requests.ts'
import type { DeployRulesConfig } from '../rules/schema.ts'
import type { Delivery, RequestRepository, StoredDeliveries, StoredRequest } from './delivery.ts'
import { applyChecks, applyStoredChecks, type GateSettled } from './checks-gate.ts'
import { coalesce } from './coalesce.ts'
import { currentRules } from './current-rules.ts'
import { applyInstallationEvents, inactiveInstallations } from './installations.ts'
import { openRequestsOf } from './open-requests.ts'
import { createRepositoryCache, type RepositoryCache, resolveRepositories } from './resolve-repositories.ts'
import type { RulesCache } from './rules-cache.ts'
import { type NewRequestState, writeDeliveries } from './write-deliveries.ts'

const CHECK_EVENTS = new Set(['check_suite', 'check_run'])

export interface StoreOptions {
  /** Repository rows this process already knows; without one, they are read. */
  repositories?: RepositoryCache
  /** Deploy rules this process already parsed, by version; each batch still reads which version is in force. */
  rules?: RulesCache
  /**
   * The caller attempts the new requests itself, right after: they are written delivering and
   * leased to it for this long (a sweeper hands them on only after). Without it they are pending.
   */
  leaseMs?: number
  /** Re-run the rules for deliveries stored before (a replay): only what their events lack is written. */
  rederive?: boolean
  /**
   * The files a push changed, from GitHub's compare API, for the paths filter when the payload may
   * not list them all; null when they cannot be known (no credential, or GitHub's answer was cut short).
   */
  changedFiles?: (delivery: Delivery) => Promise<string[] | null>
}

/** What the repository's rules make of a delivery: its requests (each with the rule that made it) and the decision recorded on the event. */
async function requestsOf(delivery: Delivery, repository: RequestRepository, rules: DeployRulesConfig, at: Date, changedFiles: StoreOptions['changedFiles']): Promise<{ requests: StoredRequest[]; decision: string }> {
  const event = { id: delivery.eventId, deliveryId: delivery.deliveryId, name: delivery.event, action: delivery.action, sender: delivery.sender, receivedAt: delivery.receivedAt }
  // The default branch as this delivery says it is (the row follows the newest delivery, and an older one may be stored later).
  const defaultBranch = delivery.repository?.defaultBranch ?? repository.defaultBranch
  let decided = decide(delivery.event, delivery.payload, rules, { defaultBranch })
  // The payload may not list every changed file: GitHub's compare API says (or nobody can, and the decision says so).
  if (decided.needsChangedFiles) {
    const files = changedFiles ? await changedFiles(delivery).catch(() => null) : null
    decided = decide(delivery.event, delivery.payload, rules, { defaultBranch, changedFiles: files })
  }
  const requests = decided.requests.map((derived) => ({
    id: randomUUID(),
    kind: derived.kind,
    environment: derived.environment,
    ref: derived.ref,
    sha: derived.sha,
    pullRequest: derived.pullRequest ?? null,
    createdAt: at,
    repository,
    cloneUrl: delivery.repository?.cloneUrl ?? null,
    installationId: delivery.installationId,
    // A request made for a push GitHub never delivered says so wherever its reason is shown.
    reason: delivery.source === 'reconciled' ? `reconciled: ${derived.reason}` : derived.reason,
    details: requestDetails(delivery.payload, derived.sha, derived.pullRequest ?? null),
    checksDeadline: decided.waitForChecks ? new Date(at.getTime() + decided.waitForChecks.timeoutMinutes * 60_000) : null,
    queue: null,
    event,
  }))
  return { requests, decision: decided.decision }
}

/**
 * Stores deliveries exactly once each (unique hook id + delivery id): their repositories, their
 * events and the deployment requests the rules derive, in one read of the repositories and one
 * statement. A single delivery is a batch of one. What was stored comes back as plain data,
 * ready to be handed to whatever sends the callbacks.
 */
export async function storeDeliveries(em: EntityManager, deliveries: Delivery[], options: StoreOptions = {}): Promise<StoredDeliveries> {
  const at = new Date()
  if (deliveries.length === 0) return { at, deliveries: [], created: [], reopened: [], installations: [], released: [], blocked: [] }
  // App mode only (deliveries through an installation): what installation events change comes first.
  const installationIds = [...new Set(deliveries.map((d) => d.installationId).filter((id): id is number => id !== null))]
  const installations = installationIds.length > 0 ? await applyInstallationEvents(em, deliveries, at) : []
  const inactive = await inactiveInstallations(em, installationIds)
  const repositories = await resolveRepositories(em, deliveries, options.repositories ?? createRepositoryCache())
  const rulesOf = await currentRules(em, [...new Set([...repositories.values()].map((repository) => repository.id))], options.rules)
  const rows = await Promise.all(deliveries.map(async (delivery) => {
    const repository = delivery.repository ? repositories.get(delivery.repository.githubId) : undefined
    // An event whose repository has no row (a redelivery of one never stored) derives nothing.
    if (!repository) return { delivery, repository, requests: [], decision: null, rules: null }
    const { requests, decision } = await requestsOf(delivery, repository, rulesOf(repository.id), at, options.changedFiles)
    const inactiveReason = delivery.installationId === null ? undefined : inactive.get(delivery.installationId)
    if (inactiveReason && requests.length > 0) return { delivery, repository, requests: [], decision: inactiveReason, rules: null }
    return { delivery, repository, requests, decision, rules: rulesOf(repository.id) }
  }))
  const state: NewRequestState = options.leaseMs
    ? { status: 'delivering', nextAttemptAt: new Date(at.getTime() + options.leaseMs), forStoredEvents: options.rederive === true }
    : { status: 'pending', nextAttemptAt: at, forStoredEvents: options.rederive === true }
  const events = rows.map((row) => ({ delivery: row.delivery, repositoryId: row.repository?.id ?? null, decision: row.decision }))
  let written: Awaited<ReturnType<typeof writeDeliveries>>
  try {
    written = await writeDeliveries(em, events, rows.flatMap((row) => row.requests), state, at)
  } catch (error) {
    // A cached row may be what failed (a repository removed meanwhile): read them afresh next time.
    options.repositories?.clear()
    throw error
  }
  const queued = await coalesce(em, rows.flatMap((row) => row.requests).filter((r) => written.requestIds.has(r.id)).map((r) => ({ id: r.id, repositoryId: r.repository.id, environment: r.environment, receivedAt: r.event.receivedAt })), at)
  const stored = rows.map((row) => ({
    delivery: row.delivery,
    duplicate: !written.eventIds.has(row.delivery.eventId),
    repositoryId: row.repository?.id ?? null,
    requests: row.requests.filter((request) => written.requestIds.has(request.id)).map((request) => ({ ...request, queue: queued.get(request.id) ?? null })),
  }))
  const duplicates = stored.filter((s) => s.duplicate).map((s) => s.delivery)
  const checks = rows.filter((row, i) => !stored[i]!.duplicate && row.repository && row.rules && CHECK_EVENTS.has(row.delivery.event))
  const gate: GateSettled = { released: [], blocked: [] }
  if (checks.length > 0) await applyChecks(em, checks.map((row) => ({ delivery: row.delivery, repositoryId: row.repository!.id, rules: row.rules! })), at, gate)
  // Held for checks that may have completed before the request was stored: settled now.
  const held = rows.flatMap((row, i) => stored[i]!.requests.filter((r) => r.checksDeadline && r.sha && r.queue?.status !== 'superseded').map((r) => ({ repositoryId: row.repository!.id, sha: r.sha!, rules: row.rules! })))
  if (held.length > 0) await applyStoredChecks(em, held, at, gate)
  return { at, deliveries: stored, created: stored.flatMap((s) => s.requests), reopened: await openRequestsOf(em, duplicates), installations, ...gate }
}
