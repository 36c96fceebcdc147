import { DeploymentRequest, type MikroORM, PlatformNotice } from '@gwm/domain'
import type { Queue } from 'bullmq'
import type { FastifyBaseLogger } from 'fastify'
import type { WorkerMetrics } from '../metrics.ts'

export interface SweeperOptions {
  orm: MikroORM
  queue: Queue
  enqueueCallback: (messageId: string) => Promise<void>
  intervalMs: number
  log: FastifyBaseLogger
  metrics: WorkerMetrics
  /** Rows looked at per table per sweep. */
  batch?: number
}

/**
 * The outbox relay. A request or notice that is pending (or was being delivered) and whose
 * next attempt is more than one interval overdue may have lost its job (the process died
 * between commit and enqueue, or Redis lost data): if its job is missing, enqueue it again.
 * Every replica may sweep; adding a job whose id exists is a no-op.
 */
export function startSweeper({ orm, queue, enqueueCallback, intervalMs, log, metrics, batch = 500 }: SweeperOptions) {
  let timer: NodeJS.Timeout | undefined
  let running: Promise<number> | undefined
  let stopped = false

  async function sweep(): Promise<number> {
    const em = orm.em.fork()
    const where = { status: { $in: ['pending', 'delivering'] as const }, nextAttemptAt: { $lt: new Date(Date.now() - intervalMs) } }
    const options = { fields: ['id'] as const, limit: batch, orderBy: { nextAttemptAt: 'asc' } as const }
    const rows = [...(await em.find(DeploymentRequest, where, options)), ...(await em.find(PlatformNotice, where, options))]
    let recovered = 0
    for (const { id } of rows) {
      if (await queue.getJob(id)) continue
      await enqueueCallback(id)
      recovered++
    }
    if (recovered > 0) {
      metrics.sweeperRecovered.inc(recovered)
      log.warn({ recovered }, 'sweeper: re-enqueued callbacks whose job was missing')
    }
    return recovered
  }

  const tick = async () => {
    running = sweep().catch((err) => {
      log.error({ err }, 'sweeper: sweep failed; trying again next interval')
      return 0
    })
    await running
    running = undefined
    if (!stopped) timer = setTimeout(tick, intervalMs)
  }
  timer = setTimeout(tick, Math.min(intervalMs, 1_000))

  return {
    sweep,
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}
