import { cpus } from 'node:os'
import type { Result } from 'autocannon'

export interface Row {
  target: string
  payload: string
  result: Result
  peakRss: number
  cpuSeconds: number
  /** Jobs the run added to the events queue (ingest only). */
  stored?: number | undefined
}

const rps = (row: Row) => (row.result['2xx'] + row.result.non2xx) / row.result.duration
const ok2xx = (row: Row) => row.result['2xx']
const failures = (row: Row) => row.result.non2xx + row.result.errors + row.result.timeouts
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`
const ratio = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(2)}×` : '–')

/** The benchmark's Markdown: one table per payload, the ratios, and the target checks. */
export function report(rows: Row[], meta: { connections: number; logLevel: string | undefined; redisVersion: string }): string {
  const lines = [
    `# Ingest benchmark, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, Redis ${meta.redisVersion}; autocannon with ${meta.connections} connections in its own process, a unique X-GitHub-Delivery per request, one measured run of a fixed request count after a warm-up. Ingest LOG_LEVEL=${meta.logLevel}; it verifies against the hook's secret from the Redis registry (X-GitHub-Hook-ID) and answers 202 only after Redis stored the job.`,
    '',
  ]
  const checks: string[] = []
  for (const payload of [...new Set(rows.map((row) => row.payload))]) {
    const group = rows.filter((row) => row.payload === payload)
    const bare = group.find((row) => row.target.startsWith('bare'))
    const probot = group.find((row) => row.target.startsWith('Probot'))
    const ingest = group.find((row) => row.target.startsWith('ingest'))
    lines.push(`## ${payload}`, '', '| server | req/s | p50 ms | p99 ms | 2xx | errors | peak RSS | CPU s | vs bare | vs Probot |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
    for (const row of group) {
      lines.push(`| ${row.target} | ${Math.round(rps(row))} | ${row.result.latency.p50} | ${row.result.latency.p99} | ${ok2xx(row)} | ${failures(row)} | ${mb(row.peakRss)} | ${row.cpuSeconds.toFixed(1)} | ${ratio(rps(row), bare && rps(bare))} | ${ratio(rps(row), probot && rps(probot))} |`)
    }
    if (ingest) {
      const lost = ok2xx(ingest) - (ingest.stored ?? 0)
      lines.push('', `Ingest: ${ok2xx(ingest)} answers 2xx, ${ingest.stored} jobs added to the queue: ${lost === 0 ? '0 lost' : `${lost} MISSING`}${failures(ingest) ? `, ${failures(ingest)} not accepted (${JSON.stringify(ingest.result.statusCodeStats)})` : ''}.`)
      checks.push(`- ${lost === 0 ? '✓' : '✗'} ${payload}: every 2xx is a stored job`)
      const small = !payload.includes('MB')
      if (bare) checks.push(check(`${payload}: ingest ≥ ${small ? '0.6' : '0.3'}× bare Fastify`, rps(ingest) / rps(bare), small ? 0.6 : 0.3))
      if (probot && small) checks.push(check(`${payload}: ingest ≥ 1.3× Probot`, rps(ingest) / rps(probot), 1.3))
      if (small) checks.push(`- ${ingest.result.latency.p99 < 10 ? '✓' : '✗'} ${payload}: ingest p99 < 10 ms (${ingest.result.latency.p99} ms)`)
    }
    lines.push('')
  }
  lines.push('## Targets', '', ...checks, '')
  return `${lines.join('\n')}\n`
}

const check = (what: string, value: number, min: number) => `- ${value >= min ? '✓' : '✗'} ${what} (${value.toFixed(2)}×)`
