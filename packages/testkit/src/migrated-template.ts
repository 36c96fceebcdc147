import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { createOrm, migrate } from '@gwm/domain'
import pg from 'pg'

// Every migration run on an empty database costs about 0.6 s, and hundreds of test files and
// stacks ask for one. The migrations run once per machine into a template database, and each
// test's database is a copy of it. The template's name holds a hash of the migrations' sources
// and the UTC day (the partitioning migration makes its partitions around the day it runs).
const PREFIX = 'gwm_template_'
// Any constant: the lock every test process takes while it looks for or builds the template.
const LOCK_KEY = 4_810_227

async function migrationsHash(): Promise<string> {
  const dir = new URL('./migrations/', import.meta.resolve('@gwm/domain'))
  const hash = createHash('sha256')
  for (const file of (await readdir(dir)).sort()) hash.update(file).update(await readFile(new URL(file, dir)))
  return hash.digest('hex').slice(0, 12)
}

async function templateName(): Promise<string> {
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '')
  return `${PREFIX}${await migrationsHash()}_${day}`
}

function urlOf(adminUrl: string, name: string): string {
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}

async function build(adminUrl: string, client: pg.Client, name: string): Promise<void> {
  await client.query(`CREATE DATABASE "${name}"`)
  const orm = await createOrm({ databaseUrl: urlOf(adminUrl, name) })
  try {
    await migrate(orm)
  } finally {
    await orm.close()
  }
  // Marked a template only once fully migrated: a half-built one (a process killed meanwhile) is rebuilt.
  await client.query(`ALTER DATABASE "${name}" IS_TEMPLATE true`)
}

let template: Promise<string> | undefined

/** The name of a migrated database to copy, built by the first test process that needs it. */
export function migratedTemplate(adminUrl: string): Promise<string> {
  template ??= (async () => {
    const name = await templateName()
    const client = new pg.Client({ connectionString: adminUrl })
    await client.connect()
    try {
      await client.query('select pg_advisory_lock($1)', [LOCK_KEY])
      const { rows } = await client.query<{ datname: string; datistemplate: boolean }>(`select datname, datistemplate from pg_database where datname like '${PREFIX}%'`)
      if (rows.some((row) => row.datname === name && row.datistemplate)) return name
      // Earlier days' and half-built templates. Today's of other migrations stay: another checkout
      // on this machine (another branch) may be copying from one right now.
      const today = name.slice(name.lastIndexOf('_'))
      for (const row of rows.filter((row) => !row.datname.endsWith(today) || !row.datistemplate)) {
        await client.query(`ALTER DATABASE "${row.datname}" IS_TEMPLATE false`)
        await client.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`)
      }
      await build(adminUrl, client, name)
      return name
    } finally {
      await client.end()
    }
  })()
  return template
}
