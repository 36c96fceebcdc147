// npm run bench:queue-partitions -- [--days 4,34,94] [--per-day 20000] [--repositories 200]
//                                    [--batches 200] [--database-url postgres://…/gwm_queue_bench] [--show-plans]
//
// What the environments' queue statements cost as days of history pile up. The requests tables
// are partitioned by day, and coalescing looks an environment's queue up by (repository,
// environment, status), which no receipt time bounds: each lookup reads every day's partition.
// For each --days, a database of its own (dropped first, migrated) gets that many daily
// partitions (the last three ahead of today, as the worker makes them) and --per-day requests of
// history a day past (and today's), over --repositories repositories (delivered and superseded, as an
// environment's history is). Then --batches batches of 9 new requests (one per repository of 9)
// are coalesced as the worker does it (a named statement under one generic plan), each timed
// alone; next-in-line runs after each. The first --days is the baseline the others are compared
// with. EXPLAIN (ANALYZE, BUFFERS) of one more batch gives the buffers read. Writes
// bench/results/queue-partitions-<date-time>.md.
import { randomUUID } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { COALESCE_SQL, coalesceValues, createOrm, dayStart, ensurePartitions, NEXT_SQL, nextValues, numbered, type QueuedRequest } from '@gwm/domain'
import pg from 'pg'
import { codeVersion, resultFile } from './lib/e2e-pipeline.ts'
import { percentile } from './lib/percentiles.ts'

const { values: args } = parseArgs({
  options: {
    days: { type: 'string', default: '4,34,94' },
    'per-day': { type: 'string', default: '20000' },
    repositories: { type: 'string', default: '200' },
    batches: { type: 'string', default: '200' },
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/gwm_queue_bench' },
    // Writes both statements' EXPLAIN (ANALYZE, BUFFERS) of the last batch to stderr: where the time goes.
    'show-plans': { type: 'boolean', default: false },
  },
})
const log = (line: string) => process.stderr.write(`bench:queue-partitions: ${line}\n`)
const DAY_MS = 86_400_000
const perDay = Number(args['per-day'])
const repositories = Number(args.repositories)
const batches = Number(args.batches)
const url = new URL(args['database-url'])
const database = url.pathname.slice(1)

async function freshDatabase() {
  const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() })
  await admin.connect()
  await admin.query(`drop database if exists "${database}" with (force)`)
  await admin.query(`create database "${database}"`)
  await admin.end()
  const orm = await createOrm({ databaseUrl: url.toString() })
  await orm.migrator.up()
  return orm
}

/** History: per past day, perDay requests over the repositories, delivered or superseded, with their events. */
async function fill(db: pg.Client, days: number, now: Date) {
  await db.query(`insert into repositories (id, github_id, full_name, default_branch, private, created_at, updated_at)
    select gen_random_uuid(), n, 'octo/r' || n, 'main', false, $1, $1 from generate_series(1, ${repositories}) n`, [now])
  // Today's partition as well, from midnight on: the baseline's history is today's alone.
  for (let day = 0; day <= days - 4; day++) {
    const at = day === 0 ? dayStart(now) : new Date(now.getTime() - day * DAY_MS)
    await db.query(`with r as (select id, row_number() over (order by github_id) as k from repositories),
      e as (
        insert into webhook_events (id, delivery_id, hook_id, event, repository_id, received_at, payload)
        select gen_random_uuid(), 'h${day}-' || n, 1, 'push', r.id, $1::timestamptz + n * interval '1 ms', '{}'
        from generate_series(1, ${perDay}) n join r on r.k = 1 + n % ${repositories}
        returning id, repository_id, received_at, delivery_id)
      insert into deployment_requests (id, event_id, repository_id, kind, ref, environment, status, sequence, attempts, created_at, updated_at, next_attempt_at, received_at)
      select gen_random_uuid(), e.id, e.repository_id, 'production', 'refs/heads/main', 'production',
        case when random() < 0.5 then 'delivered' else 'superseded' end, null, 1, e.received_at, e.received_at, e.received_at, e.received_at
      from e`, [at])
  }
  await db.query('analyze')
}

/** 9 new requests, one each for 9 repositories, stored as the worker writes them (delivering, leased). */
async function newBatch(db: pg.Client, repositoryIds: string[], at: Date): Promise<QueuedRequest[]> {
  const ids = repositoryIds.map(() => randomUUID())
  const events = repositoryIds.map(() => randomUUID())
  await db.query(`insert into webhook_events (id, delivery_id, hook_id, event, repository_id, received_at, payload)
    select e, gen_random_uuid()::text, 1, 'push', r, $3, '{}' from unnest($1::uuid[], $2::uuid[]) as x (e, r)`, [events, repositoryIds, at])
  await db.query(`insert into deployment_requests (id, event_id, repository_id, kind, ref, environment, status, attempts, created_at, updated_at, next_attempt_at, received_at)
    select i, e, r, 'production', 'refs/heads/main', 'production', 'delivering', 0, $4, $4, $4::timestamptz + interval '25 s', $4 from unnest($1::uuid[], $2::uuid[], $3::uuid[]) as x (i, e, r)`, [ids, events, repositoryIds, at])
  return ids.map((id, i) => ({ id, repositoryId: repositoryIds[i]!, environment: 'production', receivedAt: at }))
}

interface Measured {
  days: number
  partitions: number
  rows: number
  coalesce: number[]
  next: number[]
  settle: number[]
  buffers: number
}

async function measure(days: number): Promise<Measured> {
  const orm = await freshDatabase()
  const now = new Date()
  // Today is the 4th from the end: three days ahead, as the worker keeps them.
  await ensurePartitions(orm.em.fork(), new Date(now.getTime() - (days - 4) * DAY_MS), days)
  await orm.close()
  const db = new pg.Client({ connectionString: url.toString() })
  await db.connect()
  log(`${days} days: filling ${(days - 3) * perDay} requests`)
  await fill(db, days, now)
  const partitions = (await db.query<{ n: number }>(`select count(*)::int as n from pg_inherits i join pg_class p on p.oid = i.inhparent where p.relname = 'deployment_requests'`)).rows[0]!.n
  const rows = (await db.query<{ n: number }>('select count(*)::int as n from deployment_requests')).rows[0]!.n
  const repositoryIds = (await db.query<{ id: string }>('select id from repositories order by github_id')).rows.map((row) => row.id)
  // As a worker's connection: one generic plan per statement, whatever the values.
  await db.query('set plan_cache_mode = force_generic_plan')
  const coalesce: number[] = []
  const next: number[] = []
  const settle: number[] = []
  for (let i = 0; i < batches + 20; i++) {
    const at = new Date()
    const chosen = Array.from({ length: 9 }, (_, k) => repositoryIds[(i * 9 + k) % repositoryIds.length]!)
    const batch = await newBatch(db, chosen, at)
    let started = performance.now()
    await db.query({ name: 'coalesce', text: numbered(COALESCE_SQL), values: coalesceValues(batch, at) })
    const coalesced = performance.now() - started
    // They were sent: settled, and what is next in line is looked for, as after every attempt.
    started = performance.now()
    await db.query({ name: 'settle', text: `update deployment_requests set status = 'delivered' where id = any($1::uuid[]) and received_at = $2`, values: [batch.map((r) => r.id), at] })
    const settled = performance.now() - started
    started = performance.now()
    await db.query({ name: 'next', text: numbered(NEXT_SQL), values: nextValues(batch, at) })
    // The first 20 warm the connection's plans and the cache.
    if (i >= 20) {
      coalesce.push(coalesced)
      settle.push(settled)
      next.push(performance.now() - started)
    }
  }
  const at = new Date()
  const batch = await newBatch(db, repositoryIds.slice(0, 9), at)
  // EXPLAIN EXECUTE takes its values as literals: uuid and timestamp arrays, timestamps.
  const literal = (value: unknown) => (Array.isArray(value) ? `'{${value.map((v) => (v instanceof Date ? `"${v.toISOString()}"` : v)).join(',')}}'` : `'${(value as Date).toISOString()}'`)
  await db.query('begin')
  const plan = await db.query(`explain (analyze, buffers, format json) execute coalesce(${coalesceValues(batch, at).map(literal).join(', ')})`)
  await db.query('rollback')
  const top = (plan.rows[0] as { 'QUERY PLAN': Array<{ Plan: Record<string, number> }> })['QUERY PLAN'][0]!.Plan
  if (args['show-plans']) {
    await db.query('begin')
    for (const [name, values] of [['coalesce', coalesceValues(batch, at)], ['next', nextValues(batch, at)]] as const) {
      const text = await db.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) execute ${name}(${values.map(literal).join(', ')})`)
      log(`${days} days, ${name}:\n${text.rows.map((row) => row['QUERY PLAN']).join('\n')}`)
    }
    await db.query('rollback')
  }
  await db.end()
  return { days, partitions, rows, coalesce, next, settle, buffers: (top['Shared Hit Blocks'] ?? 0) + (top['Shared Read Blocks'] ?? 0) }
}

const started = new Date()
const load = loadavg().map((n) => n.toFixed(2)).join(' ')
const results: Measured[] = []
for (const days of args.days.split(',').map(Number)) results.push(await measure(days))
const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() })
await admin.connect()
await admin.query(`drop database if exists "${database}" with (force)`)
await admin.end()

const ms = (values: number[], p: number) => percentile([...values].sort((a, b) => a - b), p).toFixed(2)
const [baseline] = results
const ratio = (value: number, base: number) => `${(value / base).toFixed(2)}×`
const lines = [
  `# Queue statements against days of history, ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  '',
  `Load average ${load} at the start. Code: ${codeVersion()}. Per day of history ${perDay.toLocaleString('en')} requests over ${repositories} repositories (one environment each), delivered or superseded; ${batches} batches of 9 new requests measured after 20 of warm-up, one connection under a generic plan as the worker's. Times are the statement alone, as the client saw it (settle: the batch's 9 marked delivered, one statement, as the worker records attempts). The first row is the baseline of the ratios.`,
  '',
  '| days of partitions | partitions of deployment_requests | rows | coalesce p50 / p95 (ms a batch of 9) | ratio p50 | next-in-line p50 / p95 (ms) | ratio p50 | settle p50 / p95 (ms) | coalesce buffers (one batch) |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...results.map((r) => `| ${r.days} | ${r.partitions} | ${r.rows.toLocaleString('en')} | ${ms(r.coalesce, 50)} / ${ms(r.coalesce, 95)} | ${ratio(Number(ms(r.coalesce, 50)), Number(ms(baseline!.coalesce, 50)))} | ${ms(r.next, 50)} / ${ms(r.next, 95)} | ${ratio(Number(ms(r.next, 50)), Number(ms(baseline!.next, 50)))} | ${ms(r.settle, 50)} / ${ms(r.settle, 95)} | ${r.buffers.toLocaleString('en')} |`),
  '',
]
const file = resultFile('queue-partitions', started)
writeFileSync(file, lines.join('\n'))
process.stdout.write(`${lines.join('\n')}\nwritten to ${file}\n`)
