import { cpus } from 'node:os'
import type { LoadResult } from '../load.ts'

export interface Row {
  target: string
  payload: string
  round: number
  result: LoadResult
  peakRss: number
  cpuSeconds: number
  large: boolean
  /** CPU seconds Redis used during the run (ingest only; includes other clients' work). */
  redisCpu?: number | undefined
  /** Deliveries the run stored (servers that store only). */
  stored?: number | undefined
  /** Of the deliveries answered 2xx, how many are stored in Redis (servers that store only). */
  acceptedStored?: number | undefined
  /** Where the server stores deliveries, e.g. "entries in the inbox stream". */
  storedWhat?: string | undefined
  /** The machine's 1-minute load average when the run started. */
  load1: number
}

const rps = (row: Row) => (row.result['2xx'] + row.result.non2xx) / row.result.duration
const failures = (row: Row) => row.result.non2xx + row.result.errors + row.result.timeouts
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`
const ratio = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(2)}×` : '–')
const check = (ok: boolean, text: string) => `- ${ok ? '✓' : '✗'} ${text}`

/** The run with the median req/s of a target's rounds. */
function median(rows: Row[]): Row {
  const sorted = [...rows].sort((a, b) => rps(a) - rps(b))
  return sorted[Math.floor(sorted.length / 2)]!
}

/** The benchmark's Markdown: one table per payload (median rounds), the ratios, the checks. */
export function report(rows: Row[], meta: { connections: number; logLevel: string | undefined; redisVersion: string }): string {
  const loads = rows.map((row) => row.load1)
  const lines = [
    `# Ingest benchmark, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, Redis ${meta.redisVersion}. autocannon with ${meta.connections} connections in its own process, a unique X-GitHub-Delivery per request; each server warmed up, then measured in interleaved rounds of a fixed request count; the table shows each server's median round. Machine load average during the runs: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} (other work was running).`,
    '',
    `The ingest runs its production entry point with LOG_LEVEL=${meta.logLevel}, verifies against the hook's own secret from the Redis registry (X-GitHub-Hook-ID) and answers 202 only after Redis confirmed the delivery is in its inbox stream (a worker, not running here, moves the inbox into the events queue). "ingest ×2 processes" runs two ingests behind the same Redis, each driven by its own autocannon with half the connections; its p99 is the worse of the two, its RSS and CPU the sum.`,
    '',
  ]
  const checks: string[] = []
  for (const payload of [...new Set(rows.map((row) => row.payload))]) {
    const group = rows.filter((row) => row.payload === payload)
    const names = [...new Set(group.map((row) => row.target))]
    const medians = new Map(names.map((name) => [name, median(group.filter((row) => row.target === name))]))
    const find = (prefix: string) => [...medians.values()].find((row) => row.target.startsWith(prefix))
    const bare = find('bare')
    const probot = find('Probot')
    const ingest = find('ingest (')
    const ingestPair = find('ingest ×2')
    lines.push(`## ${payload}`, '', '| server | req/s (median) | rounds | p50 ms | p99 ms | errors | peak RSS | CPU ms/req | vs bare | vs Probot |', '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|')
    for (const [name, row] of medians) {
      const all = group.filter((each) => each.target === name).map((each) => Math.round(rps(each))).join(' / ')
      const answered = row.result['2xx'] + row.result.non2xx
      lines.push(`| ${name} | ${Math.round(rps(row))} | ${all} | ${row.result.latency.p50} | ${row.result.latency.p99} | ${failures(row)} | ${mb(row.peakRss)} | ${((row.cpuSeconds * 1000) / answered).toFixed(2)} | ${ratio(rps(row), bare && rps(bare))} | ${ratio(rps(row), probot && rps(probot))} |`)
    }
    const ingestRuns = group.filter((row) => row.target.startsWith('ingest'))
    if (ingest && ingestPair) lines.push('', `Two ingest processes vs one: ${(rps(ingestPair) / rps(ingest)).toFixed(2)}× the req/s (the machine's ${cpus().length} cores are shared with autocannon and Redis).`)
    const straightforward = find('straightforward')
    if (ingest && straightforward) lines.push('', `Ingest vs the straightforward version (same Redis, same jobs): ${(rps(ingest) / rps(straightforward)).toFixed(2)}× the req/s.`)
    if (ingest) {
      const answered = ingestRuns.reduce((sum, row) => sum + row.result['2xx'], 0)
      const found = ingestRuns.reduce((sum, row) => sum + (row.acceptedStored ?? 0), 0)
      const stored = ingestRuns.reduce((sum, row) => sum + (row.stored ?? 0), 0)
      const refused = ingestRuns.reduce((sum, row) => sum + failures(row), 0)
      const codes = ingestRuns.map((row) => Object.entries(row.result.statusCodeStats).map(([code, { count }]) => `${count}×${code}`).join(' ')).join('; ')
      const redisMs = ingestRuns.reduce((sum, row) => sum + (row.redisCpu ?? 0), 0) * 1000
      const straightRuns = group.filter((row) => row.target.startsWith('straightforward'))
      const straightRedisMs = straightRuns.reduce((sum, row) => sum + (row.redisCpu ?? 0), 0) * 1000
      const straightStored = straightRuns.reduce((sum, row) => sum + (row.stored ?? 0), 0)
      lines.push('', `Redis CPU during the ingest rounds: ${(redisMs / Math.max(1, stored)).toFixed(3)} ms per delivery stored (the inbox append script; includes whatever else used Redis meanwhile)${straightStored ? `; the straightforward version's BullMQ add: ${(straightRedisMs / straightStored).toFixed(3)} ms per job` : ''}.`)
      lines.push('', `Ingest, all rounds: ${answered} deliveries answered 2xx, ${found} of them found in Redis, read back one by one from the ${ingest.storedWhat ?? 'store'} (${answered === found ? '0 lost' : `${answered - found} MISSING`}); ${stored} stored in all${refused ? `, the ${stored - found} others from the ${refused} deliveries answered 503 (stored all the same before their deadline passed; a redelivery is a no-op)` : ''}. Answers per round: ${codes}.`)
      checks.push(check(answered === found, `${payload}: every 2xx is stored (${answered} answered, ${found} found)`))
      const large = ingest.large
      if (bare) checks.push(check(rps(ingest) / rps(bare) >= (large ? 0.3 : 0.6), `${payload}: ingest ≥ ${large ? '0.3' : '0.6'}× bare Fastify (${(rps(ingest) / rps(bare)).toFixed(2)}×)`))
      if (probot && !large) checks.push(check(rps(ingest) / rps(probot) >= 1.3, `${payload}: ingest ≥ 1.3× Probot (${(rps(ingest) / rps(probot)).toFixed(2)}×)`))
      if (!large) checks.push(check(ingest.result.latency.p99 < 10, `${payload}: ingest p99 < 10 ms (${ingest.result.latency.p99} ms)`))
    }
    lines.push('')
  }
  lines.push('## Targets', '', ...checks, '')
  return `${lines.join('\n')}\n`
}
