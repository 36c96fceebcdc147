import type { EntityManager } from '@mikro-orm/postgresql'
import { decide } from '../rules/derive-requests.ts'
import type { DeployRulesConfig } from '../rules/schema.ts'
import { runPrepared } from './run-prepared.ts'

// The requests of a repository waiting for checks, with the event each came from.
const WAITING_SQL = `
  select d.id, d.kind, d.environment, e.id as event_id, e.event, e.payload::text as payload, r.default_branch
  from deployment_requests d join webhook_events e on e.id = d.event_id join repositories r on r.id = d.repository_id
  where d.repository_id = ?::uuid and d.status = 'waiting_checks'`

// A waiting request re-decided: released (pending, due now), held (a new deadline), or cancelled;
// its event's decision says what the new rules decided.
const REDECIDE_SQL = `
  with d as (
    update deployment_requests set status = ?::text, last_error = ?, checks_deadline = ?, next_attempt_at = ?, updated_at = ?
    where id = ?::uuid and status = 'waiting_checks'
    returning event_id
  )
  update webhook_events set decision = ? where id in (select event_id from d)`

export interface Redecided {
  released: string[]
  held: string[]
  cancelled: string[]
}

/**
 * Rules changed while requests wait for checks: each is decided again under the new rules, from
 * its event's stored payload. Still gated: held, with the new timeout; no longer gated: released;
 * no longer asked for (the new rules skip it): cancelled, never sent. The event's decision says so.
 */
export async function redecideWaiting(em: EntityManager, repositoryId: string, rules: DeployRulesConfig, version: number, at = new Date()): Promise<Redecided> {
  const rows = await runPrepared<{ id: string; kind: string; environment: string; event_id: string; event: string; payload: string; default_branch: string }>(em, WAITING_SQL, [repositoryId], { planEachTime: true })
  const out: Redecided = { released: [], held: [], cancelled: [] }
  for (const row of rows) {
    const decision = decide(row.event, JSON.parse(row.payload) as Record<string, unknown>, rules, { defaultBranch: row.default_branch, changedFiles: null })
    const note = `${decision.decision} (re-decided under deploy rules v${version})`
    const still = decision.requests.some((request) => request.kind === row.kind && request.environment === row.environment)
    if (!still) {
      await runPrepared(em, REDECIDE_SQL, ['cancelled', `not sent: ${note}`, null, at, at, row.id, note])
      out.cancelled.push(row.id)
    } else if (decision.waitForChecks) {
      await runPrepared(em, REDECIDE_SQL, ['waiting_checks', null, new Date(at.getTime() + decision.waitForChecks.timeoutMinutes * 60_000), at, at, row.id, note])
      out.held.push(row.id)
    } else {
      await runPrepared(em, REDECIDE_SQL, ['pending', null, null, at, at, row.id, note])
      out.released.push(row.id)
    }
  }
  return out
}
