import type pg from 'pg'
import { startPostgresCpu } from './postgres-cpu.ts'

export interface PostgresTime {
  /** Where the figure comes from, in words, for the report. */
  source: string
  /** Milliseconds Postgres spent for the benchmark's database since start. */
  sofar(): Promise<number>
  stop(): Promise<void>
}

const STATEMENTS_MS = 'select coalesce(sum(total_exec_time), 0)::float8 as ms from pg_stat_statements where dbid = (select oid from pg_database where datname = $1)'

/**
 * Postgres's time for the benchmark's database: statement execution time from
 * pg_stat_statements when the server loads it (shared_preload_libraries), else the CPU time of
 * the server's processes from /proc (postgres-cpu.ts: its backends plus the shared background
 * processes, an upper bound).
 */
export async function startPostgresTime(db: pg.Client, database: string): Promise<PostgresTime> {
  try {
    await db.query('create extension if not exists pg_stat_statements')
    const read = async () => (await db.query<{ ms: number }>(STATEMENTS_MS, [database])).rows[0]!.ms
    const first = await read()
    return {
      source: "statement execution time from pg_stat_statements (total_exec_time of the benchmark's database)",
      sofar: async () => (await read()) - first,
      stop: async () => {},
    }
  } catch {
    const cpu = await startPostgresCpu(db, database)
    return {
      source: "CPU time (utime + stime from /proc) of the Postgres processes serving the benchmark's database and the server's background processes (pg_stat_statements is not loaded: it needs shared_preload_libraries)",
      sofar: async () => cpu.sofar() * 1000,
      stop: async () => void (await cpu.stop()),
    }
  }
}
