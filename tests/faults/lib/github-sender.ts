import { randomUUID } from 'node:crypto'
import { deriveRequests } from '@gwm/domain'
import { examples, signedDelivery } from '@gwm/testkit'
import { sleep } from './processes.ts'

/** A repeatable random source (mulberry32), so a failing run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let x = state
    x = Math.imul(x ^ (x >>> 15), x | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

/** A hook GitHub signs with its own secret; no id means the ingest's global WEBHOOK_SECRET. */
export interface Hook {
  id?: number
  secret: string
}

export interface Delivery {
  /** hook id / delivery GUID: what Postgres keeps unique. */
  key: string
  deliveryId: string
  hookId: number
  event: string
  payload: Record<string, unknown>
  headers: Record<string, string>
  body: string
  /** Deployment requests the default rules derive from it. */
  expectedRequests: number
}

/** Deliveries POSTed together: two of the same delivery is a concurrent redelivery. */
export type SendGroup = Delivery[]

// Events that usually ask for a deployment, and a spread of those that are only stored.
const STORED_ONLY = ['issues', 'issue_comment', 'create', 'delete', 'star', 'fork', 'ping', 'workflow_run', 'check_suite', 'pull_request_review', 'deployment_status']

/** The repositories the example payloads are about: the ones the stack lets WEBHOOK_SECRET deliver for. */
export function exampleRepositoryIds(): number[] {
  const { deploying, other } = catalog()
  const ids = [...deploying, ...other].map(({ payload }) => (payload.repository as { id?: unknown } | undefined)?.id)
  return [...new Set(ids.filter((id): id is number => typeof id === 'number'))].sort((a, b) => a - b)
}

/**
 * Trailing JSON whitespace that spells n: each planned delivery's body is its own, as each body
 * GitHub sends is (the ingest stores a body once per hook, whatever its GUID).
 */
const distinctTail = (n: number) => `${n.toString(2).replaceAll('0', ' ').replaceAll('1', '\t')}\n`

function catalog() {
  const all = [...['push', 'pull_request', 'release'], ...STORED_ONLY].flatMap((event) => examples(event).map((payload) => ({ event, payload })))
  const deploying = all.filter(({ event, payload }) => deriveRequests(event, payload).length > 0)
  const other = all.filter((entry) => !deploying.includes(entry))
  return { deploying, other }
}

export interface PlanOptions {
  /** POSTs in all, duplicates included. */
  posts: number
  hooks: Hook[]
  random: () => number
  /** Share of POSTs that repeat an earlier delivery (same GUID, same bytes). */
  duplicateShare?: number
  /** Share of the deliveries that ask for a deployment. */
  deployingShare?: number
  /**
   * Give each planned delivery a repository of its own (the benchmark): the examples name a few
   * repositories, whose environments the worker would coalesce (one callback in flight each).
   */
  ownRepositories?: boolean
}

/** The payload as if it were about repository n (its pull request's head and base too, unless from a fork). */
function aboutRepository(payload: Record<string, unknown>, n: number): Record<string, unknown> {
  const repository = payload.repository as Record<string, unknown> | undefined
  if (!repository) return payload
  const fullName = `bench/repository-${n}`
  const copy: Record<string, unknown> = { ...payload, repository: { ...repository, id: 900_000_000 + n, name: `repository-${n}`, full_name: fullName } }
  const pr = payload.pull_request as { head?: { repo?: { full_name?: string } }; base?: { repo?: object } } | undefined
  if (pr?.head?.repo && pr.base?.repo) {
    const fromFork = pr.head.repo.full_name !== (pr.base.repo as { full_name?: string }).full_name
    copy.pull_request = { ...pr, base: { ...pr.base, repo: { ...pr.base.repo, full_name: fullName } }, head: { ...pr.head, repo: { ...pr.head.repo, full_name: fromFork ? pr.head.repo.full_name : fullName } } }
  }
  return copy
}

/**
 * A mixed stream of real example payloads, each signed like GitHub signs it. Duplicates are
 * half redelivered later on their own and half sent twice at the same moment.
 */
export async function planDeliveries({ posts, hooks, random, duplicateShare = 0.05, deployingShare = 0.45, ownRepositories = false }: PlanOptions): Promise<{ deliveries: Delivery[]; groups: SendGroup[] }> {
  const { deploying, other } = catalog()
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!
  const duplicates = Math.round(posts * duplicateShare)
  const deliveries: Delivery[] = []
  for (let i = 0; i < posts - duplicates; i++) {
    const picked = pick(random() < deployingShare ? deploying : other)
    const { event } = picked
    const payload = ownRepositories ? aboutRepository(picked.payload, i) : picked.payload
    // WEBHOOK_SECRET signs only payloads about the examples' repositories (the stack lists them).
    const repositoryId = (payload.repository as { id?: unknown } | undefined)?.id
    const signers = hooks.filter((candidate) => candidate.id !== undefined || (!ownRepositories && typeof repositoryId === 'number'))
    const hook = pick(signers.length > 0 ? signers : hooks)
    const signed = await signedDelivery({ event, payload, secret: hook.secret, ...(hook.id ? { hookId: hook.id } : {}), deliveryId: randomUUID(), body: JSON.stringify(payload) + distinctTail(i) })
    // Without X-GitHub-Hook-ID the delivery is stored as hook 0 (never its payload's hook_id).
    const hookId = hook.id ?? 0
    deliveries.push({ key: `${hookId}/${signed.deliveryId}`, deliveryId: signed.deliveryId, hookId, event, payload, headers: signed.headers, body: signed.body, expectedRequests: deriveRequests(event, payload).length })
  }
  const groups: SendGroup[] = deliveries.map((delivery) => [delivery])
  for (let i = 0; i < duplicates; i++) {
    const original = Math.floor(random() * (groups.length - 1))
    const delivery = groups[original]![0]!
    if (i % 2 === 0) groups[original]!.push(delivery)
    else groups.splice(original + 1 + Math.floor(random() * (groups.length - original)), 0, [delivery])
  }
  return { deliveries, groups }
}

export interface SenderOptions {
  /** Ingest base URLs; a retry goes to the next one, as behind a load balancer. */
  targets: string[]
  /** Groups started per second (the pace that spreads the batch over the faults). */
  perSecond: number
  concurrency?: number
  /** Stop retrying one delivery after this long (GitHub gives up too). */
  giveUpMs?: number
}

export interface SendReport {
  /** Deliveries that got a 2xx at least once, by key. */
  acked: Map<string, Delivery>
  /** Every answer, by status code (or "network"). */
  answers: Record<string, number>
  posts: number
  /** Deliveries never accepted within giveUpMs. */
  gaveUp: Delivery[]
  /** Answers that are neither 2xx nor retryable: never expected for well-signed deliveries. */
  rejected: Array<{ key: string; status: number; body: string }>
  ms: number
}

const retryable = (status: number) => status === 408 || status === 429 || status >= 500

/** A GitHub-like sender: signed POSTs, 10 s timeout, failed deliveries redelivered with a short backoff. */
export function createSender({ targets, perSecond, concurrency = 32, giveUpMs = 60_000 }: SenderOptions) {
  const report: SendReport = { acked: new Map(), answers: {}, posts: 0, gaveUp: [], rejected: [], ms: 0 }
  const waiters: Array<{ count: number; resolve: () => void }> = []
  const count = (answer: string) => {
    report.answers[answer] = (report.answers[answer] ?? 0) + 1
  }

  function acked(delivery: Delivery) {
    report.acked.set(delivery.key, delivery)
    for (const waiter of [...waiters]) {
      if (report.acked.size < waiter.count) continue
      waiters.splice(waiters.indexOf(waiter), 1)
      waiter.resolve()
    }
  }

  async function deliver(delivery: Delivery, first: number) {
    const deadline = Date.now() + giveUpMs
    for (let attempt = 0; ; attempt++) {
      const target = targets[(first + attempt) % targets.length]!
      report.posts++
      let status = 0
      try {
        const res = await fetch(`${target}/api/webhook`, { method: 'POST', headers: delivery.headers, body: delivery.body, signal: AbortSignal.timeout(10_000) })
        status = res.status
        const text = await res.text()
        count(String(status))
        if (status >= 200 && status < 300) return acked(delivery)
        if (!retryable(status)) return void report.rejected.push({ key: delivery.key, status, body: text.slice(0, 300) })
      } catch {
        count('network')
      }
      if (Date.now() > deadline) return void report.gaveUp.push(delivery)
      await sleep(Math.min(100 * 2 ** attempt, 1_000) * (0.5 + Math.random()))
    }
  }

  // Groups from index `at` on wait for their gate: a fault is certain to hit mid-batch even
  // when the machine is slow to stage it.
  const gates: Array<{ at: number; open: Promise<void> }> = []

  return {
    report,
    /** Holds back every group from index `at` until the returned function is called. */
    gate(at: number): () => void {
      let release = () => {}
      gates.push({ at, open: new Promise<void>((resolve) => (release = resolve)) })
      return release
    },
    /** Resolves once this many distinct deliveries were acknowledged. */
    reached: (n: number) => new Promise<void>((resolve) => (report.acked.size >= n ? resolve() : waiters.push({ count: n, resolve }))),
    async run(groups: SendGroup[]): Promise<SendReport> {
      const started = Date.now()
      let next = 0
      const lane = async () => {
        while (next < groups.length) {
          const index = next++
          for (const gate of gates) if (index >= gate.at) await gate.open
          const due = started + (index * 1000) / perSecond
          if (due > Date.now()) await sleep(due - Date.now())
          await Promise.all(groups[index]!.map((delivery, copy) => deliver(delivery, index + copy)))
        }
      }
      await Promise.all(Array.from({ length: concurrency }, lane))
      report.ms = Date.now() - started
      return report
    },
  }
}
