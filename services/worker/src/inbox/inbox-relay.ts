import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { decodeInboxEntry, type InboxEntry, inboxKeys, RELAY_GROUP } from '@gwm/queue'
import type { FastifyBaseLogger } from 'fastify'
import type { Redis } from 'ioredis'

export interface InboxRelayOptions {
  /** The worker's connection; the relay blocks on a duplicate of it. */
  redis: Redis
  /**
   * Takes a batch on (stores it, or queues what it cannot store). The entries are acknowledged
   * only once it resolves; if it throws, they stay pending and are read again after reclaimIdleMs.
   */
  handle: (entries: InboxEntry[]) => Promise<void>
  prefix: string
  log: FastifyBaseLogger
  onRelayed?: (count: number) => void
  batchSize?: number
  /** An entry read by a relay that has not acknowledged it for this long is taken over (its worker died). */
  reclaimIdleMs?: number
}

// Read as bytes: the payloads go to Postgres as they are.
type StreamEntry = [id: Buffer, fields: Buffer[] | null]

const FORGET_AFTER_MS = 3_600_000
const isNoGroup = (error: unknown) => error instanceof Error && error.message.startsWith('NOGROUP')

/**
 * Moves the ingest's inbox on: reads entries as a member of the consumer group (so several
 * workers share them), hands each batch to `handle`, and only then acknowledges and deletes
 * them. An entry whose relay died between read and acknowledge stays pending and is taken over
 * by a live relay after reclaimIdleMs; handling it twice is harmless (stored once by delivery id).
 */
export function startInboxRelay({ redis, handle, prefix, log, onRelayed, batchSize = 500, reclaimIdleMs = 15_000 }: InboxRelayOptions) {
  const { stream } = inboxKeys(prefix)
  const consumer = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`
  const reader = redis.duplicate()
  reader.on('error', () => {})
  let stopped = false
  let stopping: Promise<void> | undefined
  let nextReclaim = 0

  async function ensureGroup() {
    try {
      // From the start of the stream: entries appended before any worker ever ran are relayed too.
      await reader.xgroup('CREATE', stream, RELAY_GROUP, '0', 'MKSTREAM')
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('BUSYGROUP'))) throw error
    }
  }

  async function relay(entries: StreamEntry[]) {
    const decoded = entries.map(([id, fields]) => decodeInboxEntry(id, fields))
    const jobs = decoded.filter((entry): entry is InboxEntry => entry !== undefined)
    if (jobs.length > 0) await handle(jobs)
    const ids = entries.map(([id]) => id)
    await reader.multi().xack(stream, RELAY_GROUP, ...ids).xdel(stream, ...ids).exec()
    if (jobs.length < entries.length) log.warn({ skipped: entries.length - jobs.length }, 'inbox entries that are not deliveries were dropped')
    onRelayed?.(jobs.length)
  }

  /** Consumers of workers long gone (each worker process joins under a new name), once they hold nothing. */
  async function forgetIdleConsumers() {
    const consumers = (await reader.xinfo('CONSUMERS', stream, RELAY_GROUP)) as Array<Array<string | number>>
    for (const fields of consumers) {
      const info = new Map<string, string | number>()
      for (let i = 0; i + 1 < fields.length; i += 2) info.set(String(fields[i]), fields[i + 1]!)
      if (info.get('pending') === 0 && Number(info.get('idle')) > FORGET_AFTER_MS && info.get('name') !== consumer) {
        await reader.xgroup('DELCONSUMER', stream, RELAY_GROUP, String(info.get('name')))
      }
    }
  }

  async function reclaim() {
    await forgetIdleConsumers()
    let cursor = '0-0'
    do {
      const [next, entries] = (await reader.callBuffer('XAUTOCLAIM', stream, RELAY_GROUP, consumer, reclaimIdleMs, cursor, 'COUNT', batchSize)) as [Buffer, StreamEntry[], Buffer[]]
      if (entries.length > 0) {
        log.info({ entries: entries.length }, 'taking over inbox entries a stopped relay had read')
        await relay(entries)
      }
      cursor = next.toString()
    } while (cursor !== '0-0' && !stopped)
  }

  async function readOnce() {
    if (Date.now() >= nextReclaim) {
      await reclaim()
      nextReclaim = Date.now() + reclaimIdleMs / 3
    }
    const reply = (await reader.xreadgroupBuffer('GROUP', RELAY_GROUP, consumer, 'COUNT', batchSize, 'BLOCK', 1_000, 'STREAMS', stream, '>')) as Array<[Buffer, StreamEntry[]]> | null
    const entries = reply?.[0]?.[1] ?? []
    if (entries.length > 0) await relay(entries)
  }

  /** Leaves the group if nothing read is left unacknowledged (what it holds would be dropped with it). */
  async function leaveGroup() {
    const held = (await reader.xpending(stream, RELAY_GROUP, '-', '+', 1, consumer)) as unknown[]
    if (held.length === 0) await reader.xgroup('DELCONSUMER', stream, RELAY_GROUP, consumer)
  }

  const running = (async () => {
    while (!stopped) {
      try {
        await ensureGroup()
        while (!stopped) await readOnce()
      } catch (error) {
        if (stopped) break
        // NOGROUP: the stream was removed (Redis restarted empty, or flushed); the group is recreated.
        if (!isNoGroup(error)) log.warn({ err: error }, 'inbox relay: Redis error, retrying')
        await sleep(500)
      }
    }
  })()

  return {
    consumer,
    /** Finishes the batch in hand, then leaves; entries read but not relayed are taken over by another relay. */
    stop() {
      stopping ??= (async () => {
        stopped = true
        // A read blocked in Redis returns within its 1 s block; waiting for it keeps its entries.
        const finished = await Promise.race([running.then(() => true), sleep(2_000).then(() => false)])
        if (finished) await leaveGroup().catch(() => {})
        reader.disconnect()
      })()
      return stopping
    },
  }
}
