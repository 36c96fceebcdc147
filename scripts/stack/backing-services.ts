import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import pg from 'pg'
import { startEmbeddedPostgres } from './embedded-postgres.ts'

export interface BackingServices {
  databaseUrl: string
  redisUrl: string
  stop(): Promise<void>
}

export function answers(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host })
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}

/** Creates the database named in url when it does not exist yet. */
async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url)
  const name = decodeURIComponent(target.pathname.slice(1))
  const admin = new URL(url)
  admin.pathname = '/postgres'
  const client = new pg.Client({ connectionString: admin.toString() })
  await client.connect()
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`)
  } finally {
    await client.end()
  }
}

async function startRedis(dataDir: string): Promise<() => Promise<void>> {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error('Redis is not running on 127.0.0.1:6379 and redis-server is not installed: install Redis (e.g. "apt-get install redis-server") or set REDIS_URL')
  }
  const dir = join(dataDir, 'redis')
  mkdirSync(dir, { recursive: true })
  const child = spawn('redis-server', ['--port', '6379', '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' })
  for (let i = 0; i < 50 && !(await answers(6379)); i++) await new Promise((r) => setTimeout(r, 100))
  return async () => {
    child.kill('SIGTERM')
  }
}

/**
 * DATABASE_URL / REDIS_URL when given; otherwise the local servers on the standard ports;
 * otherwise a Redis of our own in .data/. Postgres that cannot be found is one clear error.
 */
export async function ensureBackingServices(root: string): Promise<BackingServices> {
  const stops: Array<() => Promise<void>> = []
  let redisUrl = process.env.REDIS_URL
  if (!redisUrl) {
    if (!(await answers(6379))) stops.push(await startRedis(join(root, '.data')))
    redisUrl = 'redis://127.0.0.1:6379'
  }
  let databaseUrl = process.env.DATABASE_URL
  if (!databaseUrl) {
    if (await answers(5432)) {
      databaseUrl = 'postgres://postgres@127.0.0.1:5432/gwm'
    } else {
      const port = Number(process.env.EMBEDDED_POSTGRES_PORT || 5432)
      const embedded = await startEmbeddedPostgres(join(root, '.data'), port).catch((error: unknown) => {
        throw new Error(`Postgres is not running on 127.0.0.1:5432 and the embedded one could not start (${String(error)}): install and start PostgreSQL, or set DATABASE_URL to a postgres:// URL`)
      })
      stops.push(embedded.stop)
      databaseUrl = embedded.url
    }
    await ensureDatabase(databaseUrl)
  }
  return {
    databaseUrl,
    redisUrl,
    async stop() {
      for (const stop of stops) await stop()
    },
  }
}
