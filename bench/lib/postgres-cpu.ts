import { readFileSync } from 'node:fs'
import type pg from 'pg'
import { usage } from './processes.ts'

// Which server processes count: every backend connected to the benchmark's own database (the
// worker's pool; not the sampling connection itself), the server's background processes
// (checkpointer, background writer, WAL writer, autovacuum: datname is null) and their parent,
// the postmaster. Backends of other databases — other work on a shared server — are left out;
// the background processes serve everyone, so what they add is an upper bound.
const PIDS_SQL = `select pid from pg_stat_activity
  where (datname = $1 and pid <> pg_backend_pid()) or (datname is null and backend_type <> 'client backend')`

const parentOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
}

/**
 * CPU seconds (user + system, /proc/<pid>/stat) the Postgres server spends for the benchmark
 * between start and stop. Sampled every second: a backend that appears meanwhile counts from
 * zero; one that exits loses at most its last second. Needs the server on this machine.
 */
export async function startPostgresCpu(client: pg.Client, database: string) {
  const first = new Map<number, number>()
  const last = new Map<number, number>()
  const sample = async (initial: boolean) => {
    const { rows } = await client.query<{ pid: number }>(PIDS_SQL, [database])
    const pids = rows.map((row) => row.pid)
    if (pids[0] !== undefined) pids.push(parentOf(pids[0]))
    for (const pid of pids) {
      try {
        const cpu = usage(pid).cpuSeconds
        if (!first.has(pid)) first.set(pid, initial ? cpu : 0)
        last.set(pid, cpu)
      } catch {} // exited between the query and the read
    }
  }
  await sample(true)
  const timer = setInterval(() => void sample(false).catch(() => {}), 1_000)
  const total = () => {
    let seconds = 0
    for (const [pid, cpu] of last) seconds += cpu - (first.get(pid) ?? 0)
    return seconds
  }
  return {
    /** CPU seconds since start, as of the last sample (at most a second old). */
    sofar: total,
    /** CPU seconds since start. */
    async stop(): Promise<number> {
      clearInterval(timer)
      await sample(false)
      return total()
    },
  }
}
