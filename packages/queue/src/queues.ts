import { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import { JOBS, type JobData, type JobName, type QueueName } from './catalog.ts'

export function createQueue(name: QueueName, connection: Redis, prefix: string): Queue {
  const queue = new Queue(name, { connection, prefix })
  queue.on('error', () => {})
  return queue
}

/** Adds a job with the retry options of its catalog entry; jobId makes it idempotent. */
export async function addJob<N extends JobName>(queue: Queue, name: N, data: JobData<N>, id?: string) {
  const { options } = JOBS[name]
  return queue.add(name, data, { ...options, ...(id ? { jobId: id } : {}) })
}
