import { randomUUID } from 'node:crypto'
import { defineEntity, type InferEntity, p } from '@mikro-orm/core'

/**
 * A delivery the worker gave up storing: its events job failed for good (the retry budget
 * spent, or an input that can never be stored). Kept whole, with why, until someone replays it
 * (the events API); a replay that fails again updates the same row.
 */
export const DeadLetter = defineEntity({
  name: 'DeadLetter',
  tableName: 'dead_letters',
  // The events API lists them newest failure first, paged by (lastFailedAt, id).
  indexes: [{ properties: ['lastFailedAt', 'id'] }],
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    /** The events job's id (hook id and delivery id): one row per delivery, and the id a replay queues it under again. */
    jobId: p.text().unique(),
    deliveryId: p.text().nullable(),
    hookId: p.text().nullable(),
    event: p.text().nullable(),
    action: p.text().nullable(),
    /** GitHub's id of the repository the payload names, when it could be read: who may see the dead letter. */
    repositoryGithubId: p.bigint('number').nullable(),
    /** The delivery's GitHub headers as the ingest passed them on (x-github-delivery, -event, -hook-id, -hook-installation-target-type and -id). */
    headers: p.json<Record<string, string>>(),
    /** The body exactly as it was queued; null when the job carried none. */
    payload: p.blob().nullable(),
    receivedAt: p.datetime().nullable(),
    /** Why the last attempt failed. */
    error: p.text(),
    attempts: p.integer(),
    firstFailedAt: p.datetime(),
    lastFailedAt: p.datetime(),
    /** When it was last put back on the events queue; null until then, and again once it failed after. */
    replayedAt: p.datetime().nullable(),
  },
})
export type IDeadLetter = InferEntity<typeof DeadLetter>
