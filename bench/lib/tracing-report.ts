import type { PhaseResult } from './e2e-phase.ts'

/** The most tracing may add to our processes' CPU per event at 1,000/s. */
const TARGET_RATE = 1_000
const TARGET_RATIO = 1.15

/** What the traced phases ran with, for the report. */
export interface TracingMeta {
  /** Export requests the receiver got over the traced phases. */
  exports: number
}

const fixed = (value: number | undefined, digits = 2) => (value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits))
/** CPU ms per accepted delivery of the named processes together. */
const cpuMs = (run: PhaseResult, ...names: string[]) => (names.reduce((sum, name) => sum + (run.cpuSeconds[name] ?? 0), 0) * 1000) / run.accepted.size

/**
 * The Markdown section comparing our pipeline with tracing off and on, rate by rate: the CPU
 * per event of the ingest and the worker (what tracing adds to), the ratio, and the target.
 */
export function tracingReport(untraced: PhaseResult[], traced: PhaseResult[], meta: TracingMeta): string {
  const pairs = traced.flatMap((on) => {
    const off = untraced.find((run) => run.pipeline === 'ours' && run.ingests === 1 && run.rate === on.rate)
    return off ? [{ off, on, ratio: cpuMs(on, 'ingest 1', 'worker') / cpuMs(off, 'ingest 1', 'worker') }] : []
  })
  const atTarget = pairs.find((pair) => pair.on.rate === TARGET_RATE)
  const lines = [
    '## Tracing',
    '',
    `Ours with OpenTelemetry on against off at the same rates: the ingest and the worker restarted with OTEL_EXPORTER_OTLP_ENDPOINT set (the default OTLP/HTTP protobuf exporter, batch span processor, every delivery traced: parent-based always-on sampling, and the sender sends no traceparent, so each trace starts at the ingest), exporting to a receiver process on this machine that accepts and counts the exports (${meta.exports.toLocaleString('en-US')} export requests over the traced phases). The off figures are the steady-rate runs above; the traced phases run after every other phase, each with the same warm-up. CPU ms/event: user + system CPU of the process during the phase per accepted delivery.`,
    '',
    '| offered | ingest CPU ms/event off / on | worker off / on | ingest + worker off / on | ratio | trace receiver | 202 → callback p99 off / on (ms) | missing off / on |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...pairs.map(
      ({ off, on, ratio }) =>
        `| ${on.rate.toLocaleString('en-US')}/s | ${fixed(cpuMs(off, 'ingest 1'))} / ${fixed(cpuMs(on, 'ingest 1'))} | ${fixed(cpuMs(off, 'worker'))} / ${fixed(cpuMs(on, 'worker'))} | ${fixed(cpuMs(off, 'ingest 1', 'worker'))} / ${fixed(cpuMs(on, 'ingest 1', 'worker'))} | ${fixed(ratio)} | ${fixed(cpuMs(on, 'trace receiver'))} | ${fixed(off.e2e.p99, 0)} / ${fixed(on.e2e.p99, 0)} | ${off.missing} / ${on.missing} |`,
    ),
    '',
    atTarget
      ? `- [${atTarget.ratio <= TARGET_RATIO ? 'x' : ' '}] tracing adds at most ${Math.round((TARGET_RATIO - 1) * 100)} % CPU per event (ingest + worker) at ${TARGET_RATE.toLocaleString('en-US')}/s: ${fixed((atTarget.ratio - 1) * 100, 1)} %`
      : `- [ ] tracing adds at most ${Math.round((TARGET_RATIO - 1) * 100)} % CPU per event (ingest + worker) at ${TARGET_RATE.toLocaleString('en-US')}/s: not run at that rate`,
    '',
  ]
  return `${lines.join('\n')}\n`
}
