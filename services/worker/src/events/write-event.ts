import { randomUUID } from 'node:crypto'
import { deriveRequests, type EntityManager } from '@gwm/domain'
import { runPrepared } from '../db/prepared.ts'
import { senderLogin } from './delivery-fields.ts'
import type { RepositoryFields } from './ensure-repository.ts'
import type { IncomingEvent } from './store-event.ts'

export type WriteResult =
  | { outcome: 'stored'; eventId: string; repositoryId: string | null; requestIds: string[] }
  | { outcome: 'duplicate' }
  /** The repository row is missing or out of date: upsert it, then write again. */
  | { outcome: 'repository-changed' }

/**
 * The event write as one statement: one round trip, no BEGIN/COMMIT, and atomic (a single
 * statement is all or nothing). It finds the repository exactly as GitHub describes it,
 * inserts the event (a duplicate hook id + delivery id inserts nothing) and, only if the
 * event was new, its deployment requests and, on ping, the hook's verifiedAt.
 */
export async function writeEvent(em: EntityManager, incoming: IncomingEvent, repo: RepositoryFields | null): Promise<WriteResult> {
  const eventId = randomUUID()
  const now = new Date()
  const derived = repo ? deriveRequests(incoming.event, incoming.payload) : []
  const requests = derived.map((request) => [randomUUID(), request.kind, request.ref, request.sha, request.environment, request.pullRequest ?? null])
  const ping = incoming.event === 'ping' && incoming.hookId !== 0
  const params: unknown[] = []
  const sql = [
    repo
      ? 'with r as (select id from repositories where github_id = ? and full_name = ? and default_branch = ? and private = ?),'
      : 'with r as (select null::uuid as id),',
    `e as (
      insert into webhook_events (id, delivery_id, hook_id, event, action, repository_id, sender, received_at, processed_at, payload)
      select ?, ?, ?, ?, ?, r.id, ?, ?, ?, ?::json from r
      on conflict (hook_id, delivery_id) do nothing
      returning id, repository_id
    )`,
    requests.length
      ? `, d as (
      insert into deployment_requests (id, event_id, repository_id, kind, ref, sha, environment, pull_request, status, attempts, next_attempt_at, created_at, updated_at,
        repository_full_name, repository_default_branch, repository_private)
      select v.id::uuid, e.id, e.repository_id, v.kind, v.ref, v.sha, v.environment, v.pr::int, 'pending', 0, ?, ?, ?, ?, ?, ?::boolean
      from e cross join (values ${requests.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}) as v (id, kind, ref, sha, environment, pr)
      returning id
    )`
      : '',
    ping ? ', w as (update webhooks set verified_at = ?, updated_at = ? where github_hook_id = ? and exists (select 1 from e))' : '',
    `select (select count(*) from r)::int as repo_rows, (select id from e) as event_id, (select repository_id from e) as repository_id${requests.length ? ', (select array_agg(id) from d) as request_ids' : ''}`,
  ].join('\n')
  if (repo) params.push(repo.githubId, repo.fullName, repo.defaultBranch, repo.private)
  params.push(eventId, incoming.deliveryId, incoming.hookId, incoming.event, incoming.action, senderLogin(incoming.payload), incoming.receivedAt, now, incoming.payloadJson)
  if (requests.length && repo) params.push(now, now, now, repo.fullName, repo.defaultBranch, repo.private, ...requests.flat())
  if (ping) params.push(now, now, incoming.hookId)

  const [row] = await runPrepared<{ repo_rows: number; event_id: string | null; repository_id: string | null; request_ids?: string[] | null }>(em, sql, params)
  if (!row || row.repo_rows === 0) return { outcome: 'repository-changed' }
  if (!row.event_id) return { outcome: 'duplicate' }
  return { outcome: 'stored', eventId: row.event_id, repositoryId: row.repository_id, requestIds: row.request_ids ?? [] }
}
