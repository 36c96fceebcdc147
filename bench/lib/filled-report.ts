import type pg from 'pg'
import type { Lost } from './e2e-lost.ts'
import type { PhaseResult } from './e2e-phase.ts'

/** The filled inbox drained into a filled database, beside the same into the run's empty one. */
export interface FilledRun {
  result: PhaseResult
  /** Events the database held before the run (the planner's estimate, summed over partitions). */
  rows: number
  database: string
  lost: Lost
}

/** Events the database holds, from the statistics: counting 10 million rows would take a while. */
export async function estimatedEvents(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    "select coalesce(sum(greatest(c.reltuples, 0)), 0)::float8 as n from pg_partition_tree('webhook_events') p join pg_class c on c.oid = p.relid where p.isleaf",
  )
  return rows[0]!.n
}

/** Storing stays flat as the table grows: events/s stored from a filled inbox, the filled database within 10 % of the empty one. */
export function filledReport(empty: PhaseResult, filled: FilledRun): string {
  const ratio = filled.result.eventsPerSecond / empty.eventsPerSecond
  const ok = ratio >= 0.9
  return `${[
    '',
    '## Storing at size',
    '',
    `The same filled inbox (${empty.accepted.size} deliveries accepted by the ingest with no worker running, then the worker started) drained into the run's empty database and into ${filled.database}, which held about ${Math.round(filled.rows).toLocaleString('en-US')} events (bench:fill); each with its own ingest, worker and Redis prefix, one after the other.`,
    '',
    '| database | events before | events stored/s | callbacks/s | accepted, not stored |',
    '|---|---:|---:|---:|---:|',
    `| empty (the run's own) | 0 | ${empty.eventsPerSecond.toFixed(0)} | ${empty.callbacksPerSecond.toFixed(0)} | (see above) |`,
    `| ${filled.database} | ${Math.round(filled.rows).toLocaleString('en-US')} | ${filled.result.eventsPerSecond.toFixed(0)} | ${filled.result.callbacksPerSecond.toFixed(0)} | ${filled.lost.notStored} |`,
    '',
    `- ${ok ? '✓' : '✗'} events stored/s at size within 10 % of the empty database (${(ratio * 100).toFixed(0)} %)`,
    '',
  ].join('\n')}`
}
