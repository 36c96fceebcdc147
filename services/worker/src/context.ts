import type { MikroORM } from '@gwm/domain'
import type { ActivityMessage } from '@gwm/queue'
import type { FastifyBaseLogger } from 'fastify'
import type { StoredEvent } from './events/store-event.ts'
import type { WorkerMetrics } from './metrics.ts'

/** Test seams: never set in production. afterCommit runs between the commit and the enqueue. */
export interface WorkerHooks {
  afterCommit?: (stored: StoredEvent) => unknown
}

/** What every processor gets injected: no module reads config or opens connections itself. */
export interface WorkerContext {
  orm: MikroORM
  log: FastifyBaseLogger
  metrics: WorkerMetrics
  /** Adds the callback job of one request or notice (job id = its id: idempotent). */
  enqueueCallback: (messageId: string) => Promise<void>
  publish: (message: ActivityMessage) => void
  hooks: WorkerHooks
}
