import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { closedPort } from '@gwm/testkit'
import { Worker } from 'bullmq'
import { Cluster, Redis } from 'ioredis'
import t from 'tap'
import { addJob, clusterNodes, clusterOptions, createQueue, createRedis, QUEUES } from '../src/index.ts'

t.test('a plain REDIS_URL is one server; ?cluster asks for a Cluster', async (t) => {
  t.equal(clusterNodes('redis://127.0.0.1:6379'), undefined)
  t.equal(clusterNodes('redis://127.0.0.1:6379?cluster=false'), undefined)
  t.same(clusterNodes('redis://10.0.0.1:7001?cluster=true'), [{ host: '10.0.0.1', port: 7001 }], 'one seed: the rest is discovered')
  t.same(clusterNodes('redis://10.0.0.1:7001?cluster'), [{ host: '10.0.0.1', port: 7001 }])
  t.same(clusterNodes('redis://:pw@10.0.0.1:7001/?cluster=10.0.0.2:7002,[::1]:7003'), [
    { host: '10.0.0.1', port: 7001 },
    { host: '10.0.0.2', port: 7002 },
    { host: '::1', port: 7003 },
  ])
  t.throws(() => clusterNodes('redis://10.0.0.1:7001?cluster=10.0.0.2'), /cluster node "10.0.0.2" must be host:port/)
})

t.test('a Cluster gets the role options: fail-fast producers, blocking workers', async (t) => {
  const producer = clusterOptions('rediss://app:s%40cret@10.0.0.1:7001?cluster=true', 'producer', { connectionName: 'ingest', commandTimeout: 10_000 })
  t.equal(producer.enableOfflineQueue, false)
  t.equal(typeof producer.clusterRetryStrategy, 'function')
  t.match(producer.redisOptions, { maxRetriesPerRequest: 1, commandTimeout: 10_000, connectionName: 'ingest', username: 'app', password: 's@cret', tls: {} })
  const worker = clusterOptions('redis://10.0.0.1:7001?cluster=true', 'worker')
  t.equal(worker.enableOfflineQueue, true)
  t.equal(worker.redisOptions?.maxRetriesPerRequest, null, 'BullMQ requires null for blocking connections')
  t.notOk('password' in (worker.redisOptions ?? {}))
})

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0

t.test('createRedis gives a working BullMQ connection on a real Cluster', { skip: hasRedisServer ? false : 'redis-server is not installed' }, async (t) => {
  // A one-node cluster owning every slot: the smallest real Redis Cluster.
  const port = await closedPort()
  const dir = mkdtempSync(join(tmpdir(), 'gwm-cluster-'))
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-announce-ip', '127.0.0.1', '--cluster-config-file', join(dir, 'nodes.conf'), '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
  t.teardown(() => {
    server.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })
  const admin = new Redis({ port, host: '127.0.0.1', retryStrategy: (times) => (times > 50 ? null : 100) })
  admin.on('error', () => {})
  t.teardown(() => admin.disconnect())
  await admin.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383')
  for (let i = 0; i < 200 && !String(await admin.call('CLUSTER', 'INFO')).includes('cluster_state:ok'); i++) await new Promise((r) => setTimeout(r, 50))

  const url = `redis://127.0.0.1:${port}?cluster=true`
  const producer = createRedis(url, 'producer', 'test-producer')
  const consumer = createRedis(url, 'worker', 'test-worker')
  t.ok(producer instanceof Cluster, 'a Cluster, not a single connection')
  t.teardown(() => {
    producer.disconnect()
    consumer.disconnect()
  })
  const prefix = '{q}'
  const queue = createQueue(QUEUES.events, producer, prefix)
  t.teardown(() => queue.close())
  const seen = new Set<string>()
  const worker = new Worker(QUEUES.events, async (job) => void seen.add(job.id ?? ''), { connection: consumer, prefix })
  worker.on('error', () => {})
  t.teardown(() => worker.close())

  const payload = { event: 'ping', receivedAt: new Date().toISOString(), payload: '{}' }
  for (let i = 0; i < 20; i++) await addJob(queue, 'github-event', { deliveryId: `d${i}`, ...payload }, `d${i}`)
  await addJob(queue, 'github-event', { deliveryId: 'd0', ...payload }, 'd0')
  for (let i = 0; i < 200 && seen.size < 20; i++) await new Promise((r) => setTimeout(r, 25))
  t.equal(seen.size, 20, 'every job processed once, the repeated job id added nothing')
  t.same(await queue.getJobCounts('wait', 'active', 'delayed', 'failed'), { wait: 0, active: 0, delayed: 0, failed: 0 })
  t.equal(await producer.ping(), 'PONG')
})
