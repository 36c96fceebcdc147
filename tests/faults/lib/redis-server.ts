import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { closedPort, type TestLike } from '@gwm/testkit'
import type { LogBook } from './processes.ts'
import { until } from './processes.ts'

const run = promisify(execFile)

/** One command over RESP on a fresh socket; the raw reply, or undefined when nothing answers. */
export function rawCommand(port: number, ...args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let reply = ''
    const done = (value: string | undefined) => {
      socket.destroy()
      resolve(value)
    }
    socket.setTimeout(1_000, () => done(undefined))
    socket.on('error', () => done(undefined))
    socket.on('connect', () => socket.write(`*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`))
    socket.on('data', (chunk) => {
      reply += chunk.toString()
      if (reply.endsWith('\r\n')) done(reply)
    })
  })
}

export interface RedisServer {
  port: number
  url: string
  /** Where its AOF lives: kept across restarts, removed on teardown. */
  dir: string
  running(): boolean
  start(): Promise<void>
  /** SIGTERM: Redis fsyncs its AOF and exits (what an orderly restart or failover does). */
  stop(): Promise<void>
}

export interface RedisServerOptions {
  name?: string
  logs?: LogBook
  cluster?: boolean
}

/**
 * A Redis server of our own on a spare port, durable the way production runs it (AOF,
 * fsync on every write, no RDB snapshots), so a test can stop it and start it again on the
 * same port and data directory.
 */
export async function startRedisServer(t: TestLike, options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = await closedPort()
  const dir = mkdtempSync(join(tmpdir(), 'gwm-redis-'))
  const name = options.name ?? `redis-${port}`
  let child: ChildProcess | undefined
  let exited: Promise<void> = Promise.resolve()
  let starts = 0

  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--maxmemory-policy', 'noeviction']
  if (options.cluster) args.push('--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf'), '--cluster-announce-ip', '127.0.0.1', '--cluster-node-timeout', '5000')

  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    running: () => child !== undefined && child.exitCode === null && child.signalCode === null,
    async start() {
      starts++
      const proc = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] })
      child = proc
      options.logs?.capture(starts === 1 ? name : `${name}#${starts}`, proc)
      exited = new Promise((resolve) => proc.once('exit', () => resolve()))
      // PONG only once the AOF is loaded (before that Redis answers -LOADING).
      await until(
        async () => {
          if (!server.running()) throw new Error(`redis-server on ${port} exited`)
          return (await rawCommand(port, 'PING'))?.startsWith('+PONG')
        },
        15_000,
        `redis-server on ${port} up`,
        50,
      )
    },
    async stop() {
      if (!server.running()) return
      child!.kill('SIGTERM')
      const timer = setTimeout(() => child?.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    },
  }
  t.teardown(async () => {
    child?.kill('SIGKILL')
    await exited
    rmSync(dir, { recursive: true, force: true })
  })
  await server.start()
  return server
}

export interface RedisCluster {
  nodes: RedisServer[]
  /** REDIS_URL for the services: the first node, the others as extra seeds. */
  url: string
}

/** A Redis Cluster of `size` masters, no replicas, made with redis-cli --cluster create. */
export async function startRedisCluster(t: TestLike, size = 3, logs?: LogBook): Promise<RedisCluster> {
  const nodes: RedisServer[] = []
  for (let i = 0; i < size; i++) nodes.push(await startRedisServer(t, { cluster: true, name: `redis-node-${i + 1}`, logs }))
  const addresses = nodes.map((node) => `127.0.0.1:${node.port}`)
  await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'], { timeout: 30_000 })
  for (const node of nodes) {
    await until(async () => (await rawCommand(node.port, 'CLUSTER', 'INFO'))?.includes('cluster_state:ok'), 20_000, `cluster state ok on ${node.port}`)
  }
  return { nodes, url: `redis://${addresses[0]}?cluster=${addresses.slice(1).join(',')}` }
}
