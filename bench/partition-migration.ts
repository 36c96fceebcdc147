// npm run bench:partition-migration -- [--events 1500000] [--database-url postgres://…/gwm_part_bench]
//
// What Migration20261207010000 (the events store partitioned by day) costs on an existing
// database: a database of its own is made (dropped first), migrated to the migration before, and
// filled (bench/lib/partition-fill.ts); then the migration's statements run in one transaction as
// the migrator runs them, each timed, with the table locks it took. Rows and ids are counted
// before and after (none lost, none duplicated, no orphans). Writes
// bench/results/partition-migration-<date>.md.
import { writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { createOrm } from '@gwm/domain'
import pg from 'pg'
import { Migration20261207010000 } from '../packages/domain/src/migrations/Migration20261207010000.ts'
import { COUNTS_SQL, fillStatements } from './lib/partition-fill.ts'
import { runTimed, type Step } from './lib/timed-steps.ts'

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '1500000' },
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/gwm_part_bench' },
  },
})
const log = (line: string) => process.stderr.write(`bench:partition-migration: ${line}\n`)
const url = new URL(args['database-url'])
const database = url.pathname.slice(1)
const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() })
await admin.connect()
await admin.query(`drop database if exists "${database}"`)
await admin.query(`create database "${database}"`)
await admin.end()

const orm = await createOrm({ databaseUrl: url.toString() })
await orm.migrator.up({ to: 'Migration20261207000400' })
const migration = new Migration20261207010000(orm.em.getDriver(), orm.config)
await migration.up()
const statements = migration.getQueries().map((query) => (typeof query === 'string' ? query : String(query)))
await orm.close()

const db = new pg.Client({ connectionString: url.toString() })
await db.connect()
const fillStart = performance.now()
for (const sql of fillStatements(Number(args.events))) await db.query(sql)
log(`filled in ${((performance.now() - fillStart) / 1000).toFixed(0)} s`)
const counts = async () => new Map((await db.query<{ table: string; rows: number; ids: number }>(COUNTS_SQL)).rows.map((row) => [row.table, row]))
const before = await counts()
const load = loadavg()[0]!
log('migrating')
const { steps, commitMs } = await runTimed(db, statements)
const after = await counts()
await db.end()

const seconds = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`)
const exclusiveFrom = (table: string) => steps.findIndex((step) => step.locks.includes(`${table}: AccessExclusiveLock`))
const waited = (table: string) => seconds(sum(steps.slice(exclusiveFrom(table))) + commitMs)
const sum = (list: Step[]) => list.reduce((total, step) => total + step.ms, 0)
const tables = [...before.keys()].filter((table) => table !== 'orphans')
const same = tables.every((table) => before.get(table)!.rows === after.get(table)!.rows && after.get(table)!.rows === after.get(table)!.ids)
const lines = [
  `# Partitioning migration on an existing database, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  '',
  `Migration20261207010000 on ${Number(args.events).toLocaleString('en')} events with a request and an attempt each and a status per 10th request (bench/lib/partition-fill.ts), one transaction as the migrator runs it. Load average when it started: ${load.toFixed(1)}.`,
  '',
  `Total ${seconds(sum(steps) + commitMs)}. Every lock is held until the commit: readers and writers wait, from the step that locks a table ACCESS EXCLUSIVE to the commit, ${['webhook_events', 'deployment_requests', 'callback_attempts', 'deployment_statuses'].map((table) => `${table} ${waited(table)}`).join(', ')}; writers of a table also wait from its first SHARE lock (the index builds).`,
  '',
  '| table | rows before | rows after | distinct ids after |',
  '|---|---:|---:|---:|',
  ...tables.map((table) => `| ${table} | ${before.get(table)!.rows} | ${after.get(table)!.rows} | ${after.get(table)!.ids} |`),
  '',
  `- ${same ? '✓' : '✗'} no row lost or duplicated`,
  `- ${after.get('orphans')!.rows === 0 ? '✓' : '✗'} no orphan (every request's event, every attempt's and status's request is there)`,
  '',
  '| step | time | locks it took |',
  '|---|---:|---|',
  ...steps.map((step) => `| \`${step.sql.replace(/\s+/g, ' ').slice(0, 110).replaceAll('|', '\\|')}\` | ${seconds(step.ms)} | ${step.locks.join(', ')} |`),
  `| commit | ${seconds(commitMs)} | |`,
  '',
]
const file = `bench/results/partition-migration-${new Date().toISOString().slice(0, 10)}.md`
writeFileSync(file, lines.join('\n'))
log(`wrote ${file}`)
