import { cpus } from 'node:os'
import type { BurstResult, SeenCallback, StoredRequest } from './coalesce-scenario.ts'

export interface CoalesceMeta {
  started: Date
  loadAtStart: string
  loadAtEnd: string
  postgres: string
  redis: string
  logLevel: string
  /** The warm-up burst, in words. */
  warmup: string
  runSeconds: number
  /** Which code ran: the commit, and whether the services had uncommitted changes. */
  code: string
}

/** A burst and the duplicate (hook id, delivery GUID) rows in the whole database after it. */
export interface MeasuredBurst {
  result: BurstResult
  duplicateRows: number
}

const ok = (status: number) => status >= 200 && status < 300
const ms = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '–' : `${Math.round(value)} ms`)
const seconds = (value: number) => `${(value / 1000).toFixed(2)} s`
const check = (pass: boolean, text: string) => `- ${pass ? '✓' : '✗'} ${text}`
const statusName = (status: number) => (status === 0 ? 'no answer' : status === -1 ? 'connection failed' : String(status))
const counts = (values: string[]) => {
  const map = new Map<string, number>()
  for (const value of values) map.set(value, (map.get(value) ?? 0) + 1)
  return [...map].map(([value, n]) => `${n}×${value}`).join(', ')
}

/** One repository's share of a burst, with what the checks and tables need. */
function repositoryFigures(result: BurstResult, githubId: number) {
  const stallMs = result.spec.stallMs
  const pushes = result.pushes.filter((push) => push.githubId === githubId)
  const pushOf = new Map(pushes.map((push) => [push.deliveryId, push]))
  const accepted = pushes.filter((push) => ok(push.status))
  const stored = accepted.filter((push) => result.stored.has(push.deliveryId)).length
  const requests = result.requests.filter((request) => request.githubId === githubId)
  const all = result.callbacks.filter((callback) => callback.githubId === githubId)
  const distinct: SeenCallback[] = []
  for (const callback of all) if (!distinct.some((each) => each.webhookId === callback.webhookId)) distinct.push(callback)
  const highest = requests.reduce<StoredRequest | undefined>((top, request) => (request.sequence !== null && (top === undefined || request.sequence > top.sequence!) ? request : top), undefined)
  const first = distinct[0]
  const last = distinct.at(-1)
  const superseded = requests.filter((request) => request.status === 'superseded')
  const delivered = requests.filter((request) => request.status === 'delivered')
  const other = requests.filter((request) => request.status !== 'superseded' && request.status !== 'delivered')
  const sequences = requests.map((request) => request.sequence).filter((n): n is number => n !== null).sort((a, b) => a - b)
  const firstSent = Math.min(...result.pushes.map((push) => push.sentAt))
  return {
    githubId,
    fullName: `bench/coalesce-${githubId}`,
    pushes,
    accepted,
    stored,
    requests,
    highest,
    superseded,
    delivered,
    other,
    sequencesContiguous: sequences.length === requests.length && sequences.every((n, i) => n === i + 1),
    all,
    distinct,
    first,
    last,
    /** Push number (sending order in its repository) of a delivery. */
    pushNumber: (deliveryId: string) => pushOf.get(deliveryId)?.push,
    /** Callback arrival relative to the burst's first push leaving. */
    offset: (at: number) => at - firstSent,
    /** Superseded requests by the request that replaced them (its id), and the sequence of that one. */
    supersededBy: [...Map.groupBy(superseded, (request) => request.supersededBy ?? '')].map(([id, rows]) => ({ id, sequence: requests.find((request) => request.id === id)?.sequence ?? null, count: rows.length })),
    neverAttempted: superseded.every((request) => request.attempts === 0),
    /** Each callback's data.supersedes is exactly the requests superseded by it. */
    namesItsOwn: distinct.every((callback) => {
      const own = superseded.filter((request) => request.supersededBy === callback.webhookId).map((request) => request.id)
      return callback.supersedes.length === own.length && own.every((id) => callback.supersedes.includes(id))
    }),
    namedTogether: new Set(distinct.flatMap((callback) => callback.supersedes)).size,
    /** Superseded requests that lead, along supersededBy (each names the one that replaced it directly), to a request that was sent. */
    leadToSent: (() => {
      const byId = new Map(requests.map((request) => [request.id, request]))
      const sent = new Set(distinct.map((callback) => callback.webhookId))
      return superseded.filter((request) => {
        let at: typeof request | undefined = request
        for (let hops = 0; at?.status === 'superseded' && at.supersededBy && hops <= requests.length; hops++) at = byId.get(at.supersededBy)
        return at !== undefined && sent.has(at.id)
      }).length
    })(),
    /** Requests whose sequence (store order) is not their push number (sending order). */
    outOfOrder: requests.filter((request) => request.sequence !== pushOf.get(request.deliveryId)?.push).length,
    /** The requests stored up to the first callback's, in sequence order, grouped by the storing call they came from. */
    storedFirst: (() => {
      const upTo = first?.sequence ?? 0
      const early = requests.filter((request) => request.sequence !== null && request.sequence <= upTo).sort((a, b) => a.sequence! - b.sequence!)
      const batches = [...Map.groupBy(early, (request) => request.createdAt.getTime())]
      return batches.map(([at, rows]) => `[${rows.map((request) => `${request.sequence}←#${pushOf.get(request.deliveryId)?.push ?? '?'}`).join(', ')}] +${seconds(at - firstSent)}`).join('; ')
    })(),
    first202ToFirst: first && accepted.length ? first.at - Math.min(...accepted.map((push) => push.answeredAt)) : undefined,
    last202ToLast: last && accepted.length ? last.at - Math.max(...accepted.map((push) => push.answeredAt)) : undefined,
    /** From the first callback's answer (arrival + the receiver's hold) to the next callback's arrival. */
    handOverMs: distinct.length > 1 ? distinct[1]!.at - (distinct[0]!.at + stallMs) : undefined,
  }
}

type Figures = ReturnType<typeof repositoryFigures>

/** Why the first callback is not sequence 1, from the requests stored before it. */
function firstWhy(figures: Figures): string {
  const first = figures.first
  const request = figures.requests.find((each) => each.id === first?.webhookId)
  if (!first || !request || request.sequence === null || request.sequence <= 1) return ''
  const before = figures.requests.filter((each) => each.sequence !== null && each.sequence < request.sequence!)
  const pushes = before.map((each) => `#${figures.pushNumber(each.deliveryId) ?? '?'}`).join(', ')
  const sameCall = before.every((each) => each.createdAt.getTime() === request.createdAt.getTime())
  return sameCall
    ? `: push #${figures.pushNumber(first.deliveryId)} was stored in one storing call with the ${before.length} stored before it (${pushes}), and as the newest of that batch it superseded them before anything of the environment was sent`
    : `: the ${before.length} stored before it (${pushes}) were written by other storing calls than its own (push #${figures.pushNumber(first.deliveryId)}), and it superseded them before anything of the environment was sent`
}

const supersededText = (figures: Figures) => figures.supersededBy.map(({ sequence, count }) => `${count} by seq ${sequence ?? '?'}`).join(', ') || 'none'

const callbackList = (figures: Figures) =>
  figures.distinct.map((callback) => `seq ${callback.sequence ?? '–'} ← push #${figures.pushNumber(callback.deliveryId) ?? '?'} (+${seconds(figures.offset(callback.at))})`).join('; ') || 'none'

function repositoryChecks(label: string, figures: Figures, pushes: number): string[] {
  const { first, last, highest, distinct } = figures
  const n = figures.requests.length
  const inOrder = distinct.every((callback, i) => i === 0 || (callback.sequence ?? 0) > (distinct[i - 1]!.sequence ?? 0))
  const clean = figures.all.every((callback) => callback.verified && ok(callback.status) && !callback.aborted)
  return [
    check(figures.accepted.length === pushes && figures.stored === figures.accepted.length, `${label}: every push answered 202 and stored as an event: 0 lost (${figures.accepted.length} of ${pushes} answered 202, ${figures.stored} stored)`),
    check(n === figures.accepted.length && figures.sequencesContiguous, `${label}: one request per push, sequences 1…${n} each once (${n} requests)`),
    check(
      distinct.length === 2 && figures.all.length === 2 && clean,
      `${label}: the platform received ${figures.all.length} callback${figures.all.length === 1 ? '' : 's'} (${distinct.length} distinct), each verified, answered 200, none timed out`,
    ),
    check(first?.sequence === 1 && inOrder, `${label}: the first callback is sequence 1 and they arrived in order of sequence (${distinct.map((callback) => callback.sequence).join(' → ')})${firstWhy(figures)}`),
    check(
      last !== undefined && highest !== undefined && last.webhookId === highest.id && last.sequence === highest.sequence,
      `${label}: the last callback is the highest sequence stored (${last?.sequence ?? '–'} of ${highest?.sequence ?? '–'}, from push #${last ? figures.pushNumber(last.deliveryId) : '–'} of ${pushes})`,
    ),
    check(
      figures.superseded.length === pushes - 2 && figures.neverAttempted && figures.delivered.length === 2 && figures.other.length === 0,
      `${label}: ${figures.superseded.length} superseded, never attempted (${supersededText(figures)}), ${figures.delivered.length} delivered, ${figures.other.length} other`,
    ),
    check(
      figures.namesItsOwn && figures.leadToSent === figures.superseded.length,
      `${label}: each callback's data.supersedes names exactly the requests it replaced directly (${distinct.map((callback) => `seq ${callback.sequence}: ${callback.supersedes.length}`).join(', ')}), and each of the ${figures.superseded.length} superseded leads along supersededBy to a callback sent (${figures.leadToSent})`,
    ),
    check(figures.handOverMs !== undefined && figures.handOverMs >= 0, `${label}: one callback in flight: the second arrived ${ms(figures.handOverMs)} after the first was answered`),
  ]
}

/** The benchmark's Markdown. */
export function coalesceReport(bursts: MeasuredBurst[], meta: CoalesceMeta): string {
  const spec = bursts[0]!.result.spec
  const lines = [
    `# Coalescing benchmark, ${meta.started.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `${cpus().length} × ${cpus()[0]?.model.split(' ').slice(0, 2).join(' ') ?? 'CPU'}, Node ${process.version}, Postgres ${meta.postgres}, Redis ${meta.redis}, both local. Load average ${meta.loadAtStart} at the start, ${meta.loadAtEnd} at the end (the machine is shared: other work runs beside the benchmark). The whole run took ${Math.round(meta.runSeconds)} s. Code: ${meta.code}.`,
    '',
    `The case: ${spec.pushes} pushes to the default branch of one repository within ${seconds(spec.withinMs)} while the platform answers each callback after ${seconds(spec.stallMs)}. The worker keeps at most one callback in flight per (repository, environment), and a newer request supersedes the older ones not yet sent, so the platform should get the first push's callback and then the newest one's, in order, the ${spec.pushes - 2} in between superseded, and nothing lost.`,
    '',
    `Every process is real and separate: the ingest and the worker (production entry points, one each, the worker's defaults: CALLBACK_TIMEOUT_MS=10000, EVENTS_CONCURRENCY=16, CALLBACKS_CONCURRENCY=32; its two inbox readers), Redis, Postgres (a fresh database, migrated), and the benchmark process holding the platform receiver, which verifies every Standard Webhooks signature and holds every answer ${seconds(spec.stallMs)} before its 200 (well inside the 10 s callback timeout). LOG_LEVEL=${meta.logLevel}. Pushes: the real push-to-master example of @octokit/webhooks-examples (master is the repository's default branch: the default deploy rules make one production request of each), every push a distinct commit (after, head commit id and message), the repository's id and name changed per repository; signed with a hook's own secret from the ingest's registry, every send a fresh X-GitHub-Delivery. Sent open-loop from the benchmark process on kept-alive connections: the i-th of N requests leaves at start + i × ${spec.withinMs} ms / N whatever happened to the earlier ones; with several repositories their pushes are interleaved, each repository's ${spec.pushes} spread over the same window. After a burst the benchmark waits until every request of it is settled (none pending, delivering or waiting; at most ${seconds(spec.drainMs)}), then watches ${seconds(spec.quietMs)} more for callbacks that should not come. Each burst pushes to repositories of its own, so every environment starts at sequence 1. Before the bursts, a warm-up (not measured): ${meta.warmup}.`,
    '',
    'Sequence and order: the worker has two inbox readers, so two deliveries arriving in the same moment may be stored in either order; the sequence is the order of storing, and "the last" is the request with the highest sequence, which must be the last callback the platform gets (it need not come from the last push sent). "Lost": a push answered 2xx with no event row. Duplicate rows: webhook_events grouped by hook_id, delivery_id having count > 1, over the whole database.',
    '',
    '## Summary',
    '',
    '| repositories | pushes sent | 202 | sent within | sender late max | events stored | lost | duplicate rows | requests | superseded | delivered | other | callbacks received | last 202 → last callback | settled after last 202 |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ]
  const checks: string[] = []
  const perRepository: string[] = []
  const timelines: string[] = []
  for (const { result, duplicateRows } of bursts) {
    const repos = result.spec.repositories.map((githubId) => repositoryFigures(result, githubId))
    const pushes = result.pushes
    const accepted = pushes.filter((push) => ok(push.status))
    const sentTimes = pushes.map((push) => push.sentAt)
    const requests = result.requests
    const statusCount = (status: string) => requests.filter((request) => request.status === status).length
    const other = requests.length - statusCount('superseded') - statusCount('delivered')
    const lastCallback = Math.max(...result.callbacks.map((callback) => callback.at))
    const lastAnswer = Math.max(...accepted.map((push) => push.answeredAt))
    const label = repos.length === 1 ? '1 repository' : `${repos.length} repositories`
    lines.push(
      `| ${repos.length} | ${pushes.length} | ${accepted.length} | ${ms(Math.max(...sentTimes) - Math.min(...sentTimes))} | ${ms(Math.max(...pushes.map((push) => push.lateMs)))} | ${result.stored.size} | ${accepted.filter((push) => !result.stored.has(push.deliveryId)).length} | ${duplicateRows} | ${requests.length} | ${statusCount('superseded')} | ${statusCount('delivered')} | ${other} | ${result.callbacks.length} | ${ms(lastCallback - lastAnswer)} | ${ms(result.settledMs)} |`,
    )
    for (const figures of repos) {
      perRepository.push(
        `| ${label} | ${figures.fullName} | ${figures.accepted.length} of ${figures.pushes.length} | ${figures.stored} | ${figures.sequencesContiguous ? `1…${figures.requests.length}` : 'gaps'} | ${figures.outOfOrder} | ${figures.superseded.length} (${supersededText(figures)}) | ${figures.delivered.length} | ${figures.other.length ? counts(figures.other.map((request) => request.status)) : 0} | ${callbackList(figures)} | ${figures.storedFirst || '–'} | ${ms(figures.first202ToFirst)} | ${ms(figures.handOverMs)} | ${ms(figures.last202ToLast)} |`,
      )
    }
    const refused = pushes.filter((push) => !ok(push.status))
    checks.push(`### ${label}, ${pushes.length} pushes`, '')
    if (refused.length) checks.push(check(false, `${label}: answers other than 2xx: ${counts(refused.map((push) => statusName(push.status)))}`))
    checks.push(check(duplicateRows === 0, `${label}: 0 duplicate rows (${duplicateRows})`))
    checks.push(check(result.settledMs !== undefined, `${label}: every request settled (${result.settledMs === undefined ? `not within ${seconds(result.spec.drainMs)}` : `${seconds(result.settledMs)} after the last 202`})`))
    for (const figures of repos) checks.push(...repositoryChecks(repos.length === 1 ? label : figures.fullName, figures, result.spec.pushes))
    if (repos.length > 1) {
      const firsts = repos.map((figures) => figures.first?.at ?? Number.NaN)
      const spread = Math.max(...firsts) - Math.min(...firsts)
      checks.push(check(spread < result.spec.stallMs, `${label}: the environments coalesce independently: every repository's first callback was in flight at the same time (their arrivals ${ms(spread)} apart, under the ${seconds(result.spec.stallMs)} hold)`))
    }
    checks.push('')

    const t0 = Math.min(...sentTimes)
    const at = (time: number) => `+${seconds(time - t0)}`
    timelines.push(
      `- ${label}: first push left at 0, the last at ${at(Math.max(...sentTimes))}, the last 202 at ${at(lastAnswer)} (202 after ${ms(median(accepted.map((push) => push.answeredAt - push.sentAt)))} median, ${ms(Math.max(...accepted.map((push) => push.answeredAt - push.sentAt)))} at most)` +
        repos
          .map((figures) => `; ${repos.length > 1 ? `${figures.fullName}: ` : ''}${figures.distinct.map((callback) => `seq ${callback.sequence} arrived ${at(callback.at)}, answered ${at(callback.at + result.spec.stallMs)}`).join(', ')}`)
          .join('') +
        (result.settledMs !== undefined ? `; all settled ${at(lastAnswer + result.settledMs)}` : '; not settled'),
    )
  }
  lines.push(
    '',
    'Last 202 → last callback: from the latest 2xx answer of the burst to the arrival of its last callback at the receiver (the newest request, sent once the first one was answered). Settled: every request of the burst delivered or superseded, i.e. the last callback answered too.',
    '',
    '## Per repository',
    '',
    '| burst | repository | 202 | events stored | sequences | sequence ≠ push # | superseded (by which) | delivered | other | callbacks in arrival order (sequence ← push # in sending order, arrival after the first push left) | stored up to the first callback ([sequence←push #] per storing call, when) | first 202 → first callback | first answered → next arrived | last 202 → last callback |',
    '|---|---|---:|---:|---:|---:|---|---:|---:|---|---|---:|---:|---:|',
    ...perRepository,
    '',
    'Sequence ≠ push #: requests whose place in the order of storing is not their place in the order of sending. Stored up to the first callback: the requests with a sequence up to the first callback\'s, each as sequence←push #, grouped by the storing call that wrote them (requests written by one call share their created_at; the time is when that call began, after the first push left).',
    '',
    'First answered → next arrived: from the receiver\'s answer to the first callback (its arrival plus the hold) to the arrival of the next one: the worker recording the outcome, picking the newest waiting request of the environment (superseding the rest) and sending it.',
    '',
    '## Timeline',
    '',
    ...timelines,
    '',
    '## Targets',
    '',
    ...checks,
  )
  return `${lines.join('\n')}\n`
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)]! : Number.NaN
}
