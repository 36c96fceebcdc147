import { randomUUID } from 'node:crypto'
import type { EntityManager } from '@gwm/domain'
import type { Job } from 'bullmq'

// One row per delivery (the job id): a replay that failed again updates it, keeping when it first failed.
const RECORD_SQL = `
  insert into dead_letters (id, job_id, delivery_id, hook_id, event, action, repository_github_id, headers, payload, received_at, error, attempts, first_failed_at, last_failed_at)
  values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)
  on conflict (job_id) do update set
    delivery_id = excluded.delivery_id, hook_id = excluded.hook_id, event = excluded.event, action = excluded.action,
    repository_github_id = excluded.repository_github_id, headers = excluded.headers, payload = excluded.payload,
    received_at = excluded.received_at, error = excluded.error, attempts = dead_letters.attempts + excluded.attempts,
    last_failed_at = excluded.last_failed_at, replayed_at = null`

const HEADERS = {
  'x-github-delivery': 'deliveryId',
  'x-github-event': 'event',
  'x-github-hook-id': 'hookId',
  'x-github-hook-installation-target-type': 'targetType',
  'x-github-hook-installation-target-id': 'targetId',
} as const

// Postgres text holds no NUL character: a field with one is kept without it.
const text = (value: unknown): string | null => (typeof value === 'string' ? value.replaceAll('\u0000', '') : null)
const dateOf = (value: unknown): Date | null => {
  const date = typeof value === 'string' ? new Date(value) : null
  return date && !Number.isNaN(date.getTime()) ? date : null
}

/** GitHub's id of the repository the payload names (the ingest's view, else the payload itself), when it can be read. */
function repositoryGithubId(data: Record<string, unknown>): number | null {
  const fromView = (data.view as { repository?: { id?: unknown } } | undefined)?.repository?.id
  if (typeof fromView === 'number') return fromView
  if (typeof data.payload !== 'string') return null
  try {
    const id = (JSON.parse(data.payload) as { repository?: { id?: unknown } } | null)?.repository?.id
    return typeof id === 'number' ? id : null
  } catch {
    return null
  }
}

/**
 * Keeps a github-event job that failed for good as a dead letter: the delivery as it was queued
 * (whatever of it the job holds, even data that never fit the schema) and why it failed.
 */
export async function recordDeadLetter(em: EntityManager, job: Job, error: Error): Promise<void> {
  const data: Record<string, unknown> = job.data && typeof job.data === 'object' && !Array.isArray(job.data) ? job.data : {}
  const headers = Object.fromEntries(Object.entries(HEADERS).flatMap(([header, field]) => (text(data[field]) === null ? [] : [[header, text(data[field])]])))
  const payload = data.payload === undefined ? null : Buffer.from(typeof data.payload === 'string' ? data.payload : JSON.stringify(data.payload) ?? '')
  const now = new Date()
  await em.execute(RECORD_SQL, [
    randomUUID(),
    job.id ?? randomUUID(),
    text(data.deliveryId),
    text(data.hookId),
    text(data.event),
    text(data.action),
    repositoryGithubId(data),
    JSON.stringify(headers),
    payload,
    dateOf(data.receivedAt),
    text(error.message) ?? String(error),
    job.attemptsMade + 1,
    dateOf(data.firstFailedAt) ?? now,
    now,
  ])
}
