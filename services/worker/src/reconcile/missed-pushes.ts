import { currentRules, type Delivery, type EntityManager } from '@gwm/domain'
import { AppCredentialsError, type GitHubClient, GitHubUnavailableError, mapped, pushedCommit, RateLimitedError } from '@gwm/github'
import { createQueue, QUEUES } from '@gwm/queue'
import { deployedBranches } from './missed-pushes-branches.ts'
import { describeMissedPush } from './missed-pushes-describe.ts'
import { judgeBranch } from './missed-pushes-judge.ts'
import { type WatchedRepository, watchedRepositories } from './missed-pushes-known.ts'
import { missedPushDelivery } from './missed-pushes-payload.ts'
import { pendingDeliveries } from './pending-deliveries.ts'
import type { MakeReconcileRun } from './types.ts'

const OAUTH_MODE = 'OAuth App mode: the worker holds no GitHub credential (user tokens live only in their sessions), so branch heads cannot be read; set GITHUB_APP_* to look for missed pushes'

/** What a run found, branch by branch. */
interface Tally {
  repositories: number
  branches: number
  inSync: number
  noBaseline: number
  pending: number
  young: number
  reconciled: number
}

/** GitHub failing as a whole (down, rate-limited, the App's credentials refused): no use asking about the next repository. */
const systemic = (error: unknown) => error instanceof GitHubUnavailableError || error instanceof RateLimitedError || error instanceof AppCredentialsError

/**
 * The pushes of one repository whose delivery never came, as deliveries made here: for each
 * branch its rules deploy, the head on GitHub is judged against what was stored; a missed head
 * older than the grace period (its delivery may still be on its way) becomes a push.
 */
async function missedPushesOf(em: EntityManager, github: GitHubClient, repository: WatchedRepository, options: { pending: Set<string>; graceMs: number; rules: Awaited<ReturnType<typeof currentRules>>; tally: Tally }): Promise<Delivery[]> {
  const { tally } = options
  const [owner, name] = repository.fullName.split('/') as [string, string]
  const ref = { owner, repo: name }
  const deliveries: Delivery[] = []
  let described: Record<string, unknown> & { pushed_at?: string | null } | undefined
  for (const branch of await deployedBranches(github, repository, options.rules(repository.id))) {
    tally.branches++
    const verdict = await judgeBranch(em, options.pending, repository, branch)
    if (verdict.kind === 'in sync') tally.inSync++
    if (verdict.kind === 'no baseline') tally.noBaseline++
    if (verdict.kind === 'pending') tally.pending++
    if (verdict.kind !== 'missed') continue
    described ??= (await mapped(() => github.rest.repos.get({ owner, repo: name }))).data as Record<string, unknown> & { pushed_at?: string | null }
    const head = await pushedCommit(github, ref, branch.head)
    // The repository's last push and the head's commit time bound when the head was pushed: a young one gets the benefit of the doubt.
    const lastActivity = Math.max(Date.parse(head.committer.date ?? '') || 0, Date.parse(described.pushed_at ?? '') || 0)
    if (Date.now() - lastActivity < options.graceMs) {
      tally.young++
      continue
    }
    const { commits, forced } = await describeMissedPush(github, ref, verdict.before, head)
    deliveries.push(missedPushDelivery({ repositoryId: repository.id, repository: described, installationId: repository.installationId, ref: branch.ref, before: verdict.before, head, commits, forced }, new Date()))
    tally.reconciled++
  }
  return deliveries
}

/**
 * `reconcile-pushes` (App mode): pushes GitHub never delivered, derived as if their delivery had
 * come. Each is stored through the one writer (deploy rules, coalescing, the CI gate and the
 * callback apply as to any push), marked `source: reconciled`; its delivery id names the
 * repository and the commit, so two workers or a rerun store it once.
 */
export const makeReconcilePushes: MakeReconcileRun = ({ orm, config, redis, githubApp, store, handOff, log }) => {
  let told = false
  return async ({ repositoryId }) => {
    if (!githubApp) {
      if (!told) log.info(OAUTH_MODE)
      told = true
      return { skipped: OAUTH_MODE }
    }
    // Deliveries not stored yet are read before Postgres is: one moving meanwhile is seen in one of the two.
    const events = createQueue(QUEUES.events, redis, config.QUEUE_PREFIX)
    const waiting = await pendingDeliveries(redis, config.QUEUE_PREFIX, events).finally(() => events.close())
    if (!waiting) return { skipped: 'too many deliveries wait to be stored to tell a missed push from a late one; the next run looks again' }
    const em = orm.em.fork()
    const repositories = await watchedRepositories(em, repositoryId)
    const rules = await currentRules(em, repositories.map((repository) => repository.id))
    const tally: Tally = { repositories: repositories.length, branches: 0, inSync: 0, noBaseline: 0, pending: 0, young: 0, reconciled: 0 }
    const failed: string[] = []
    for (const repository of repositories) {
      try {
        const github = githubApp.installation(repository.installationId)
        const deliveries = await missedPushesOf(em, github, repository, { pending: waiting.pushes, graceMs: config.RECONCILE_GRACE_MS, rules, tally })
        if (deliveries.length === 0) continue
        const stored = await store(deliveries)
        log.info({ repository: repository.fullName, deliveryIds: deliveries.map((d) => d.deliveryId), requests: stored.created.length }, 'missed pushes reconciled')
        await handOff(stored)
      } catch (err) {
        failed.push(`${repository.fullName}: ${(err as Error).message}`)
        if (systemic(err)) break
      }
    }
    if (failed.length > 0) throw new Error(`missed pushes: ${failed.length} of ${repositories.length} repositories could not be checked (${failed.join('; ')}); found so far: ${JSON.stringify(tally)}`)
    return { ...tally }
  }
}
