import { blockTimedOutChecks, DeploymentRequest, type MikroORM, PlatformNotice } from '@gwm/domain'
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
 * The outbox relay. Postgres is the truth; a BullMQ job is only the means of delivery. A
 * request or notice that is still pending (or was being delivered) more than one interval
 * past its next attempt may have lost its job: the process died between commit and enqueue,
 * Redis lost data, or the job ran out of attempts while Postgres was away and so could not
 * record the outcome. If its job is missing or finished, enqueue it again. Every replica may
 * sweep: adding a job whose id exists is a no-op, and a finished job is only replaced after
 * re-reading the row (the processor commits the row before it completes the job).
 */
export function startSweeper({ orm, queue, enqueueCallback, intervalMs, log, metrics, batch = 500 }: SweeperOptions) {
  let timer: NodeJS.Timeout | undefined
  let running: Promise<number> | undefined
  let stopped = false

  async function stillOpen(id: string): Promise<boolean> {
    const em = orm.em.fork()
    const open = { id, status: { $in: ['pending', 'delivering'] as const } }
    return (await em.count(DeploymentRequest, open)) + (await em.count(PlatformNotice, open)) > 0
  }

  async function sweep(): Promise<number> {
    const em = orm.em.fork()
    // CI gate: requests whose checks did not complete before their deadline are blocked, never sent.
    const blocked = await blockTimedOutChecks(em)
    if (blocked.length > 0) {
      metrics.requestsBlocked.inc({ reason: 'checks_timed_out' }, blocked.length)
      log.warn({ requests: blocked.length }, 'sweeper: blocked requests whose checks did not complete in time')
    }
    const where = { status: { $in: ['pending', 'delivering'] as const }, nextAttemptAt: { $lt: new Date(Date.now() - intervalMs) } }
    const options = { fields: ['id'] as const, limit: batch, orderBy: { nextAttemptAt: 'asc' } as const }
    const rows = [...(await em.find(DeploymentRequest, where, options)), ...(await em.find(PlatformNotice, where, options))]
    let recovered = 0
    for (const { id } of rows) {
      const job = await queue.getJob(id)
      if (job) {
        const state = await job.getState()
        if (state !== 'completed' && state !== 'failed') continue
        if (!(await stillOpen(id))) continue
        await job.remove()
      }
      await enqueueCallback(id)
      recovered++
    }
    if (recovered > 0) {
      metrics.sweeperRecovered.inc(recovered)
      log.warn({ recovered }, 'sweeper: re-enqueued callbacks whose job was missing or finished')
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
