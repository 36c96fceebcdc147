import { Cluster, type ClusterOptions, Redis, type RedisOptions } from 'ioredis'

/**
 * Two kinds of connection, per BullMQ's production guide:
 * - producer (HTTP handlers that enqueue): fail fast so a request can answer 503 instead of
 *   hanging while Redis is away;
 * - worker (blocking consumers): retry forever, BullMQ requires maxRetriesPerRequest: null.
 */
export type RedisRole = 'producer' | 'worker'

export function redisOptions(role: RedisRole): RedisOptions {
  const base: RedisOptions = {
    lazyConnect: false,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  }
  return role === 'producer'
    ? { ...base, enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 2_000 }
    : { ...base, enableOfflineQueue: true, maxRetriesPerRequest: null }
}

export interface ClusterNode {
  host: string
  port: number
}

const ON = new Set(['', '1', 'true', 'yes'])

/**
 * Redis Cluster is asked for in REDIS_URL's query, so the value stays a valid URL:
 *   redis://10.0.0.1:6379?cluster=true                       one seed node, the rest discovered
 *   redis://10.0.0.1:6379?cluster=10.0.0.2:6379,10.0.0.3:6379 more seeds, in case one is down
 * Returns the seed nodes, or undefined for a plain (single-server) URL.
 */
export function clusterNodes(url: string): ClusterNode[] | undefined {
  const parsed = new URL(url)
  const cluster = parsed.searchParams.get('cluster')
  if (cluster === null || cluster.toLowerCase() === 'false') return undefined
  const seeds = ON.has(cluster.toLowerCase()) ? [] : cluster.split(',').map((seed) => seed.trim())
  return [parsed.host, ...seeds].map((seed) => {
    const at = seed.lastIndexOf(':')
    const port = Number(seed.slice(at + 1))
    if (at < 1 || !Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`REDIS_URL: cluster node "${seed}" must be host:port`)
    return { host: seed.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port }
  })
}

/** The role's options for a Cluster: reconnection and the offline queue are the Cluster's, the rest apply to each node. */
export function clusterOptions(url: string, role: RedisRole, node: RedisOptions = {}): ClusterOptions {
  const parsed = new URL(url)
  const { lazyConnect, retryStrategy, enableOfflineQueue, ...perNode } = { ...redisOptions(role), ...node }
  return {
    lazyConnect,
    clusterRetryStrategy: retryStrategy as ClusterOptions['clusterRetryStrategy'],
    enableOfflineQueue,
    redisOptions: {
      ...perNode,
      ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
      ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
      ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    },
  }
}

/**
 * `overrides` adjusts the role's options (e.g. a longer commandTimeout for large writes).
 * A cluster URL (see clusterNodes) gives an ioredis Cluster with the same role options; it
 * is typed as Redis because callers use only what both share (commands, status, events,
 * quit), and BullMQ accepts either. The BullMQ prefix must then carry a hash tag ({gwm}).
 */
export function createRedis(url: string, role: RedisRole, name?: string, overrides: RedisOptions = {}): Redis {
  const node = { ...(name ? { connectionName: name } : {}), ...overrides }
  const nodes = clusterNodes(url)
  const redis = nodes ? (new Cluster(nodes, clusterOptions(url, role, node)) as unknown as Redis) : new Redis(url, { ...redisOptions(role), ...node })
  // Without a listener ioredis prints every reconnect error as an unhandled 'error' event.
  redis.on('error', () => {})
  return redis
}

/** Resolves once the connection is ready, or rejects after timeoutMs. */
export async function waitForRedis(redis: Redis, timeoutMs = 5_000): Promise<void> {
  if (redis.status === 'ready') return
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup()
      reject(new Error(`Redis not ready after ${timeoutMs} ms`))
    }, timeoutMs)
    const onReady = () => {
      cleanup()
      resolve()
    }
    const cleanup = () => {
      clearTimeout(timer)
      redis.off('ready', onReady)
    }
    redis.on('ready', onReady)
  })
}

/** PING with a deadline: what /readyz uses. */
export async function pingRedis(redis: Redis, timeoutMs = 1_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  try {
    const pong = await Promise.race([
      // A producer connection refuses commands until connected: give it the same deadline.
      waitForRedis(redis, timeoutMs).then(() => redis.ping()),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)
      }),
    ])
    return pong === 'PONG'
  } catch {
    return false
  } finally {
    clearTimeout(timer)
  }
}
