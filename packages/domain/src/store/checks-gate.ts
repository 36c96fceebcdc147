import type { EntityManager } from '@mikro-orm/postgresql'
import type { DeployRulesConfig } from '../rules/schema.ts'
import type { Delivery } from './delivery.ts'
import { runPrepared } from './run-prepared.ts'

const PASSING = new Set(['success', 'neutral', 'skipped'])
/** A failed suite is named by its App; a payload without one says this. */
const A_SUITE = 'a check suite'

// The suites of a commit seen so far (check_suite events stored for the repository), each as its
// newest event left it: the gate "all" opens when every one of them completed, and passed.
const SUITES_SQL = `
  select distinct on (payload->'check_suite'->>'id') payload->'check_suite'->>'status' as status, payload->'check_suite'->>'conclusion' as conclusion,
    coalesce(payload->'check_suite'->'app'->>'slug', payload->'check_suite'->'app'->>'name') as app
  from webhook_events
  where repository_id = ?::uuid and event = 'check_suite' and payload->'check_suite'->>'head_sha' = ?
  order by payload->'check_suite'->>'id', received_at desc`

// The named check runs of a commit that completed and passed.
const PASSED_RUNS_SQL = `
  select distinct payload->'check_run'->>'name' as name from webhook_events
  where repository_id = ?::uuid and event = 'check_run' and payload->'check_run'->>'head_sha' = ?
    and payload->'check_run'->>'status' = 'completed' and payload->'check_run'->>'conclusion' in ('success', 'neutral', 'skipped')`

// A commit's requests held by the gate: released (pending, due now) or blocked, with why; the
// event each came from says so too.
const SETTLE_SQL = `
  with r as (
    update deployment_requests set status = ?::text, last_error = ?, next_attempt_at = ?, updated_at = ?, checks_deadline = null
    where repository_id = ?::uuid and sha = ? and status = 'waiting_checks'
    returning id, event_id
  ),
  e as (update webhook_events set decision = ? where id in (select event_id from r) and ?::boolean)
  select id from r`

// Requests whose checks did not complete in time.
const TIMEOUT_SQL = `
  with r as (
    update deployment_requests set status = 'blocked', updated_at = ?, checks_deadline = null,
      last_error = 'blocked: checks did not complete in time (checks.timeoutMinutes)'
    where status = 'waiting_checks' and checks_deadline < ?
    returning id, event_id
  ),
  e as (update webhook_events set decision = 'blocked: checks timed out' where id in (select event_id from r))
  select id from r`

interface CheckPayload {
  head_sha?: unknown
  status?: unknown
  conclusion?: unknown
  name?: unknown
  app?: { slug?: unknown; name?: unknown } | null
}

type Verdict = { open: true } | { blocked: string } | { wait: true } | null

/** The gate's verdict from the check events already stored for a commit. */
async function storedVerdict(em: EntityManager, repositoryId: string, sha: string, rules: DeployRulesConfig): Promise<Verdict> {
  const { gate, names } = rules.checks
  if (gate === 'all') {
    const suites = await runPrepared<{ status: string | null; conclusion: string | null; app: string | null }>(em, SUITES_SQL, [repositoryId, sha], { planEachTime: true })
    const failed = suites.find((s) => s.status === 'completed' && !PASSING.has(String(s.conclusion)))
    if (failed) return { blocked: `${failed.app ?? A_SUITE}: ${failed.conclusion}` }
    return suites.length > 0 && suites.every((s) => s.status === 'completed') ? { open: true } : { wait: true }
  }
  if (gate === 'named') {
    const passed = new Set((await runPrepared<{ name: string }>(em, PASSED_RUNS_SQL, [repositoryId, sha], { planEachTime: true })).map((row) => row.name))
    return names.every((name) => passed.has(name)) ? { open: true } : { wait: true }
  }
  return null
}

async function verdictOf(em: EntityManager, delivery: Delivery, repositoryId: string, sha: string, rules: DeployRulesConfig): Promise<Verdict> {
  const { gate, names } = rules.checks
  if (gate === 'all' && delivery.event === 'check_suite') {
    const suite = delivery.payload.check_suite as CheckPayload
    const app = String(suite.app?.slug ?? suite.app?.name ?? A_SUITE)
    if (suite.status === 'completed' && !PASSING.has(String(suite.conclusion))) return { blocked: `${app}: ${String(suite.conclusion)}` }
    return storedVerdict(em, repositoryId, sha, rules)
  }
  if (gate === 'named' && delivery.event === 'check_run') {
    const run = delivery.payload.check_run as CheckPayload
    if (typeof run.name !== 'string' || !names.includes(run.name)) return null
    if (run.status === 'completed' && !PASSING.has(String(run.conclusion))) return { blocked: `${run.name}: ${String(run.conclusion)}` }
    return storedVerdict(em, repositoryId, sha, rules)
  }
  return null
}

/** The held requests a verdict released (now due) and those it blocked (never sent). */
export interface GateSettled {
  released: string[]
  blocked: string[]
}

/** Releases or blocks a commit's held requests per a verdict. */
async function settle(em: EntityManager, repositoryId: string, sha: string, verdict: Verdict, at: Date, into: GateSettled): Promise<void> {
  if (!verdict || 'wait' in verdict) return
  if ('open' in verdict) {
    const ids = await runPrepared<{ id: string }>(em, SETTLE_SQL, ['pending', null, at, at, repositoryId, sha, null, false])
    into.released.push(...ids.map((row) => row.id))
    return
  }
  const why = `blocked: checks failed (${verdict.blocked})`
  const ids = await runPrepared<{ id: string }>(em, SETTLE_SQL, ['blocked', why, at, at, repositoryId, sha, why, true])
  into.blocked.push(...ids.map((row) => row.id))
}

/**
 * Requests just held for checks whose commit's checks had already completed before they were
 * stored (GitHub ran them quickly, or the push came late): settled now, not at the deadline.
 */
export async function applyStoredChecks(em: EntityManager, held: Array<{ repositoryId: string; sha: string; rules: DeployRulesConfig }>, at: Date, into: GateSettled): Promise<void> {
  for (const { repositoryId, sha, rules } of held) await settle(em, repositoryId, sha, await storedVerdict(em, repositoryId, sha, rules), at, into)
}

/**
 * The CI gate, for check_suite and check_run deliveries just stored: when a commit's checks
 * have all passed (gate "all": every suite seen for it; "named": each named run), its held
 * requests are released; when one fails, they are blocked and never sent. Checks for a commit
 * nothing waits on (or whose requests were superseded meanwhile) change nothing.
 */
export async function applyChecks(
  em: EntityManager,
  deliveries: Array<{ delivery: Delivery; repositoryId: string; rules: DeployRulesConfig }>,
  at: Date,
  into: GateSettled,
): Promise<void> {
  for (const { delivery, repositoryId, rules } of deliveries) {
    const check = (delivery.payload.check_suite ?? delivery.payload.check_run) as CheckPayload | undefined
    const sha = typeof check?.head_sha === 'string' ? check.head_sha : undefined
    if (!sha || rules.checks.gate === 'off') continue
    await settle(em, repositoryId, sha, await verdictOf(em, delivery, repositoryId, sha, rules), at, into)
  }
}

/** Blocks the requests whose checks did not complete before their deadline; resolves to their ids. */
export async function blockTimedOutChecks(em: EntityManager, at = new Date()): Promise<string[]> {
  const rows = await runPrepared<{ id: string }>(em, TIMEOUT_SQL, [at, at], { planEachTime: true })
  return rows.map((row) => row.id)
}
