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

/** One line saying how to get what is missing, on the systems people develop on. */
const HOW_TO_GET = {
  redis: 'install Redis (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis; Windows: run Redis in WSL or a container) or set REDIS_URL to a running one',
  postgres: 'install and start PostgreSQL (Debian/Ubuntu: sudo apt-get install postgresql; macOS: brew install postgresql && brew services start postgresql) or set DATABASE_URL to a running one',
}

async function startRedis(dataDir: string): Promise<() => Promise<void>> {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error(`Redis is not running on 127.0.0.1:6379 and there is no redis-server on the PATH to start one: ${HOW_TO_GET.redis}`)
  }
  const dir = join(dataDir, 'redis')
  mkdirSync(dir, { recursive: true })
  const child = spawn('redis-server', ['--port', '6379', '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--maxmemory-policy', 'noeviction'], { stdio: ['ignore', 'pipe', 'pipe'] })
  // Its log, kept short, for the one line that says why it did not come up.
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-2000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  for (let i = 0; i < 50 && child.exitCode === null && !(await answers(6379)); i++) await new Promise((r) => setTimeout(r, 100))
  if (!(await answers(6379))) {
    child.kill('SIGTERM')
    const last = output.trim().split('\n').at(-1)
    throw new Error(`the redis-server started here did not answer on 127.0.0.1:6379 within 5 s${last ? ` (${last})` : ''}: ${HOW_TO_GET.redis}`)
  }
  return async () => {
    child.kill('SIGTERM')
  }
}

/**
 * DATABASE_URL / REDIS_URL when given; otherwise the local servers on the standard ports;
 * otherwise our own in .data/: Redis from a redis-server on the PATH, Postgres from the
 * embedded-postgres package. What cannot be had is one line saying how to get it.
 */
export async function ensureBackingServices(root: string): Promise<BackingServices> {
  const stops: Array<() => Promise<void>> = []
  const stop = async () => {
    for (const stopOne of stops) await stopOne()
  }
  try {
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
          throw new Error(`Postgres is not running on 127.0.0.1:5432 and the embedded one (the embedded-postgres package) could not start (${String(error)}): ${HOW_TO_GET.postgres}`)
        })
        stops.push(embedded.stop)
        databaseUrl = embedded.url
      }
      const url = databaseUrl
      await ensureDatabase(url).catch((error: unknown) => {
        const shown = new URL(url)
        shown.password = ''
        throw new Error(`Postgres answers on ${shown.host} but ${shown.toString()} could not create or open the database (${String(error)}): set DATABASE_URL to a postgres:// URL whose user may create it`)
      })
    }
    return { databaseUrl, redisUrl, stop }
  } catch (error) {
    // what was started before the failure does not outlive it
    await stop()
    throw error
  }
}
