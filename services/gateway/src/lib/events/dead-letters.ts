import { DeadLetter, type EntityManager, type IDeadLetter } from '@gwm/domain'
import { HttpError } from '@gwm/runtime'
import { pgArray } from '../db/pg-array.ts'
import type { Visibility } from './access.ts'

type DeadLetterFilter = { repositoryGithubId?: { $in: number[] } }

/**
 * Which dead letters a caller may read, as a filter; null when none. The platform reads all; a
 * user, those whose payload names a repository whose events they may see (one naming no stored
 * repository, the platform only).
 */
export async function deadLetterFilter(em: EntityManager, visible: Visibility): Promise<DeadLetterFilter | null> {
  if (visible.all) return {}
  if (visible.repositoryIds.length === 0) return null
  // Rows, not entities, and the ids as one parameter: a caller may see a thousand repositories.
  const rows = await em.execute<Array<{ github_id: string }>>('select github_id from repositories where id = any(?::uuid[])', [pgArray(visible.repositoryIds)])
  return rows.length === 0 ? null : { repositoryGithubId: { $in: rows.map((row) => Number(row.github_id)) } }
}

/** The dead letter with this id, if the caller may see it; 404 otherwise (never 403: no hints). */
export async function findVisibleDeadLetter(em: EntityManager, id: string, visible: Visibility): Promise<IDeadLetter> {
  const filter = await deadLetterFilter(em, visible)
  const letter = filter ? await em.findOne(DeadLetter, { id, ...filter }) : null
  if (!letter) throw new HttpError(404, 'not_found', `no dead letter with id ${id} that you can see: check GET /api/events/dead-letters`)
  return letter
}

/** A dead letter as the API shows it, without its payload (its size instead). */
export const deadLetterItem = (letter: IDeadLetter, payloadBytes: number) => ({
  id: letter.id,
  deliveryId: letter.deliveryId ?? null,
  hookId: letter.hookId ?? null,
  event: letter.event ?? null,
  action: letter.action ?? null,
  repositoryId: letter.repositoryGithubId ?? null,
  headers: letter.headers,
  payloadBytes,
  receivedAt: letter.receivedAt?.toISOString() ?? null,
  error: letter.error,
  attempts: letter.attempts,
  firstFailedAt: letter.firstFailedAt.toISOString(),
  lastFailedAt: letter.lastFailedAt.toISOString(),
  replayedAt: letter.replayedAt?.toISOString() ?? null,
})
