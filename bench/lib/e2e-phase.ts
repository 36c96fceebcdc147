import { join } from 'node:path'
import type pg from 'pg'
import type { createRedis } from '../../packages/queue/src/index.ts'
import type { Arrival, collectArrivals } from './arrivals.ts'
import { countStored, duplicateRows, expectedCallbacks, lastStored, persistRate, type StoredRequests, storedRequests } from './e2e-store.ts'
import { startJsonChild } from './json-child.ts'
import { percentile } from './percentiles.ts'
import { startPostgresCpu } from './postgres-cpu.ts'
import { startProcessSampler } from './process-sampler.ts'
import { redisCpuSeconds } from './redis-cpu.ts'
import { answerName, type SenderResult, type SenderSpec } from './sender-spec.ts'

type Redis = ReturnType<typeof createRedis>
type Pipeline = 'ours' | 'pass-through'

export interface PhaseSpec {
  pipeline: Pipeline
  ingests: number
  targets: string[]
  rate: number
  /** Deliveries measured. */
  count: number
  /**
   * Deliveries sent first, at the same rate and without a pause, and not measured for latency:
   * processes idle since the last phase start cold (code to compile again, heaps grown back).
   * They count for everything else (loss, duplicates, CPU).
   */
  warmup?: number
  /** The processes whose peak RSS and CPU to report, by name. */
  processes: Record<string, number>
  /** Runs once every delivery is answered, before the drain (the throughput run starts the worker
   *  here); returns more processes to watch. */
  afterSend?: () => Promise<Record<string, number>>
}

export interface PhaseEnv {
  root: string
  db: pg.Client
  database: string
  redis: Redis
  collector: ReturnType<typeof collectArrivals>
  sender: Omit<SenderSpec, 'targets' | 'rate' | 'count'>
  drainMs: number
  log: (line: string) => void
}

export interface Accepted {
  /** Callbacks the rules derive from it (the pass-through forwards each delivery once); ours:
   *  only until Postgres holds it, then its requests there that will be sent (see expectedCallbacks). */
  expected: number
  sentAt: number
  answeredAt: number
}

interface Latency {
  p50: number
  p95: number
  p99: number
  max: number
}

export interface PhaseResult {
  pipeline: Pipeline
  ingests: number
  rate: number
  sent: number
  /** Deliveries answered 2xx, by GUID. */
  accepted: Map<string, Accepted>
  refused: Record<string, number>
  /** Deliveries per second the sender kept to, and how late against its schedule they left. */
  sendRate: number
  lateP99: number
  lateMax: number
  /** Ingest: from sending a delivery to its 202 (measured deliveries: after the warm-up). */
  ack: Latency
  /** Deliveries sent as the warm-up, and their 202 → callback latency. */
  warmupSent: number
  warmupE2e: Latency | undefined
  /** Ours: callbacks of the phase's requests in Postgres not superseded or cancelled (those are never sent). */
  expected: number
  /** Ours: the phase's requests that ended superseded (a newer one of the same environment went instead) or cancelled (a second teardown). */
  superseded: number | undefined
  cancelled: number | undefined
  /** Distinct callbacks of accepted deliveries that arrived before the drain window closed. */
  arrived: number
  missing: number
  /** Callbacks the receiver got more than once (at-least-once delivery; not an error). */
  arrivedTwice: number
  /** From each 202 to its callback at the receiver. */
  e2e: Latency
  /** From sending each delivery to its callback at the receiver (what the baseline ratios use). */
  fromSend: Latency
  /** e2e p99 of each whole second, from the phase's first 202, in which deliveries were answered (NaN: no callbacks). */
  p99PerSecond: number[]
  /** e2e p50 of the deliveries sent in the first and in the last fifth of the run. */
  p50Early: number
  p50Late: number
  /** Accepted deliveries not yet in Postgres when the last one was answered (ours). */
  backlog: number | undefined
  /** From the last answer until every expected callback had arrived; undefined: the window closed first. */
  drainedMs: number | undefined
  /** Ours: events persisted per second (first to last processed_at; with afterSend, from its end to the last processed_at); pass-through: forwards arriving per second. */
  eventsPerSecond: number
  callbacksPerSecond: number
  redisMsPerEvent: number | undefined
  postgresMsPerEvent: number | undefined
  duplicateRows: number | undefined
  peakRss: Record<string, number>
  /** CPU seconds each watched process used during the phase, by name. */
  cpuSeconds: Record<string, number>
  /** Time to the answer of the deliveries refused with an HTTP status (a 503 when shedding). */
  refusedAck: Latency
  /** Per whole second of sending (from the first send): deliveries sent, answered 2xx, refused with a status, not answered. */
  perSecond: Array<{ sent: number; accepted: number; refused: number; unanswered: number }>
  /** Epoch ms: the last 2xx answer, the last callback's arrival, the last of the phase's events stored (processed_at). */
  lastAcceptedAt: number
  lastArrivalAt: number
  lastStoredAt: number | undefined
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
/** Bodies sent so far in this run: each phase's are new ones (see SenderSpec.firstBody). */
let bodiesSent = 0
// The pass-through never retries: what has not arrived a few seconds after the last answer never will.
const PASS_THROUGH_DRAIN_MS = 10_000

const latency = (values: number[]): Latency => {
  const sorted = [...values].sort((a, b) => a - b)
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN }
}

/** Matches arrivals to accepted deliveries as they come: each callback's first arrival counts. */
function arrivalBook(accepted: Map<string, Accepted>, pipeline: Pipeline) {
  const first = new Map<string, Arrival>()
  /** Distinct callbacks arrived, by delivery GUID. */
  const perDelivery = new Map<string, number>()
  let twice = 0
  return {
    first,
    perDelivery,
    twice: () => twice,
    add(arrival: Arrival) {
      if (arrival.passThrough !== (pipeline === 'pass-through') || !arrival.ok || !accepted.has(arrival.deliveryId)) return
      if (first.has(arrival.callbackId)) twice++
      else {
        first.set(arrival.callbackId, arrival)
        perDelivery.set(arrival.deliveryId, (perDelivery.get(arrival.deliveryId) ?? 0) + 1)
      }
    },
  }
}

/** e2e p99 of the callbacks of the deliveries answered in each whole second after the first 202. */
function p99PerSecond(arrivals: Arrival[], accepted: Map<string, Accepted>): number[] {
  const first = [...accepted.values()].reduce((earliest, each) => Math.min(earliest, each.answeredAt), Number.POSITIVE_INFINITY)
  const bySecond: number[][] = []
  for (const arrival of arrivals) {
    const { answeredAt } = accepted.get(arrival.deliveryId)!
    const second = Math.floor((answeredAt - first) / 1000)
    bySecond[second] ??= []
    bySecond[second].push(arrival.at - answeredAt)
  }
  return Array.from(bySecond, (values) => (values ? latency(values).p99 : Number.NaN))
}

/** One steady-rate run: send on schedule, wait for the callbacks (bounded), measure. */
export async function runPhase(spec: PhaseSpec, env: PhaseEnv): Promise<PhaseResult> {
  const ours = spec.pipeline === 'ours'
  const { collector, db } = env
  collector.take()
  const cursor = { at: collector.arrivals.length }
  const sampler = startProcessSampler({ ...spec.processes, bench: process.pid })
  const redisBefore = ours ? await redisCpuSeconds(env.redis) : 0
  const postgresCpu = ours ? await startPostgresCpu(db, env.database) : undefined

  const warmup = spec.warmup ?? 0
  const senderSpec: SenderSpec = { ...env.sender, targets: spec.targets, rate: spec.rate, count: warmup + spec.count, firstBody: bodiesSent }
  bodiesSent += senderSpec.count
  const sender = startJsonChild<SenderResult>(join(env.root, 'bench/lib/open-loop-sender.ts'), { BENCH_SENDER: JSON.stringify(senderSpec) })
  sampler.watch('sender', sender.pid)
  const sent = await sender.result
  const accepted = new Map<string, Accepted>()
  const refused: Record<string, number> = {}
  const refusedAck: number[] = []
  const firstSent = sent.deliveries.reduce((earliest, delivery) => Math.min(earliest, delivery[3]), Number.POSITIVE_INFINITY)
  const perSecond: PhaseResult['perSecond'] = []
  for (const [deliveryId, expected, status, sentAt, answeredAt, retryAfter] of sent.deliveries) {
    const at = Math.floor((sentAt - firstSent) / 1000)
    perSecond[at] ??= { sent: 0, accepted: 0, refused: 0, unanswered: 0 }
    const second = perSecond[at]
    second.sent++
    if (status >= 200 && status < 300) second.accepted++
    else if (status > 0) {
      second.refused++
      refusedAck.push(answeredAt - sentAt)
    } else second.unanswered++
    if (status >= 200 && status < 300) accepted.set(deliveryId, { expected: ours ? expected : 1, sentAt, answeredAt })
    else {
      const answer = answerName(status, retryAfter)
      refused[answer] = (refused[answer] ?? 0) + 1
    }
  }
  const lastAnswer = Date.now()
  const ids = [...accepted.keys()]
  const backlog = ours ? accepted.size - (await countStored(db, ids)) : undefined
  env.log(`${spec.pipeline} ${spec.rate}/s: ${accepted.size} of ${sent.deliveries.length} accepted${backlog !== undefined ? `, ${backlog} not yet in Postgres` : ''}; draining`)
  for (const [name, pid] of Object.entries((await spec.afterSend?.()) ?? {})) sampler.watch(name, pid)
  const afterSendAt = Date.now()

  const book = arrivalBook(accepted, spec.pipeline)
  // Ours coalesces: a request superseded by a newer one of its environment, or a second teardown
  // (cancelled), is never sent. What to wait for comes from Postgres, read about once a second:
  // each delivery's requests less those; done when every delivery is stored and all of the rest arrived.
  let stored = new Map<string, StoredRequests>()
  let readAt = 0
  const expectedOf = (id: string, each: Accepted) => (ours ? expectedCallbacks(stored.get(id), each.expected) : each.expected)
  const missingNow = () => {
    let n = 0
    for (const [id, each] of accepted) n += Math.max(0, expectedOf(id, each) - (book.perDelivery.get(id) ?? 0))
    return n
  }
  const deadline = Date.now() + (ours ? env.drainMs : PASS_THROUGH_DRAIN_MS)
  let drainedMs: number | undefined
  for (;;) {
    collector.take()
    for (; cursor.at < collector.arrivals.length; cursor.at++) book.add(collector.arrivals[cursor.at]!)
    if (ours && Date.now() - readAt >= 1_000) {
      readAt = Date.now()
      stored = await storedRequests(db, ids)
    }
    if ((!ours || stored.size === accepted.size) && missingNow() === 0) {
      drainedMs = Math.max(0, [...book.first.values()].reduce((latest, arrival) => Math.max(latest, arrival.at), 0) - lastAnswer)
      break
    }
    if (Date.now() > deadline) break
    await sleep(250)
  }
  if (ours) stored = await storedRequests(db, ids)
  const expected = [...accepted].reduce((sum, [id, each]) => sum + expectedOf(id, each), 0)
  const notSent = (key: 'superseded' | 'cancelled') => (ours ? [...stored.values()].reduce((sum, each) => sum + each[key], 0) : undefined)

  const redisMs = ours ? ((await redisCpuSeconds(env.redis)) - redisBefore) * 1000 : undefined
  const postgresMs = postgresCpu ? (await postgresCpu.stop()) * 1000 : undefined
  const { peakRss, cpuSeconds } = sampler.stop()
  const warmupIds = new Set(sent.deliveries.slice(0, warmup).map((delivery) => delivery[0]))
  const measuredAccepted = new Map([...accepted].filter(([id]) => !warmupIds.has(id)))
  const allArrivals = [...book.first.values()]
  const arrivals = allArrivals.filter((arrival) => !warmupIds.has(arrival.deliveryId))
  const warmupArrivals = allArrivals.filter((arrival) => warmupIds.has(arrival.deliveryId))
  const sendTimes = sent.deliveries.slice(warmup).map((delivery) => delivery[3]).sort((a, b) => a - b)
  const sendSpan = sendTimes.at(-1)! - sendTimes[0]!
  const sentBetween = (from: number, to: number) => (arrival: Arrival) => {
    const at = accepted.get(arrival.deliveryId)!.sentAt
    return at >= from && at <= to
  }
  const e2e = (list: Arrival[]) => list.map((arrival) => arrival.at - accepted.get(arrival.deliveryId)!.answeredAt)
  const fromSend = (list: Arrival[]) => list.map((arrival) => arrival.at - accepted.get(arrival.deliveryId)!.sentAt)
  const times = allArrivals.map((arrival) => arrival.at).sort((a, b) => a - b)
  const arrivalSpan = times.length > 1 ? (times.at(-1)! - times[0]!) / 1000 : Number.NaN
  const lastStoredAt = ours ? await lastStored(db, ids) : undefined
  // A filled inbox (afterSend starts the worker): from the worker's start to the last event stored,
  // as processed_at is a transaction's time and a batch's rows share it.
  const throughput = spec.afterSend && lastStoredAt ? ((await countStored(db, ids)) * 1000) / (lastStoredAt - afterSendAt) : ours ? await persistRate(db, ids) : (allArrivals.length - 1) / arrivalSpan
  const missing = missingNow()

  return {
    pipeline: spec.pipeline,
    ingests: spec.ingests,
    rate: spec.rate,
    sent: sent.deliveries.length,
    accepted,
    refused,
    sendRate: sendSpan > 0 ? ((sendTimes.length - 1) * 1000) / sendSpan : Number.NaN,
    lateP99: sent.lateP99,
    lateMax: sent.lateMax,
    ack: latency([...measuredAccepted.values()].map((each) => each.answeredAt - each.sentAt)),
    warmupSent: warmup,
    warmupE2e: warmupArrivals.length ? latency(e2e(warmupArrivals)) : undefined,
    expected,
    superseded: notSent('superseded'),
    cancelled: notSent('cancelled'),
    arrived: allArrivals.length,
    missing,
    arrivedTwice: book.twice(),
    e2e: latency(e2e(arrivals)),
    fromSend: latency(fromSend(arrivals)),
    p99PerSecond: p99PerSecond(arrivals, measuredAccepted),
    p50Early: latency(e2e(arrivals.filter(sentBetween(0, percentile(sendTimes, 20))))).p50,
    p50Late: latency(e2e(arrivals.filter(sentBetween(percentile(sendTimes, 80), Number.POSITIVE_INFINITY)))).p50,
    backlog,
    drainedMs,
    eventsPerSecond: throughput,
    callbacksPerSecond: (allArrivals.length - 1) / arrivalSpan,
    redisMsPerEvent: redisMs !== undefined ? redisMs / accepted.size : undefined,
    postgresMsPerEvent: postgresMs !== undefined ? postgresMs / accepted.size : undefined,
    duplicateRows: ours ? await duplicateRows(db) : undefined,
    peakRss,
    cpuSeconds,
    refusedAck: latency(refusedAck),
    perSecond: Array.from(perSecond, (second) => second ?? { sent: 0, accepted: 0, refused: 0, unanswered: 0 }),
    lastAcceptedAt: [...accepted.values()].reduce((latest, each) => Math.max(latest, each.answeredAt), 0),
    lastArrivalAt: times.at(-1) ?? 0,
    lastStoredAt,
  }
}
