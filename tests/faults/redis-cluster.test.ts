// How users outgrow one Redis: the queue on a 3-node Redis Cluster started here. The ingest
// and the worker get a cluster REDIS_URL and a hash-tagged BullMQ prefix; a few hundred
// deliveries go end to end and nothing is lost.
import t from 'tap'
import { checkCallbacks, checkLogs, checkQueues, checkStore, openQueues, settle } from './lib/checks.ts'
import { createSender, planDeliveries, seededRandom } from './lib/github-sender.ts'
import { scriptFlakyPlatform } from './lib/platform-script.ts'
import { LogBook } from './lib/processes.ts'
import { rawCommand, startRedisCluster } from './lib/redis-server.ts'
import { createStack } from './lib/stack.ts'

const POSTS = 300
const BUDGET_MS = 150_000

t.setTimeout(BUDGET_MS + 5_000)

t.test('ingest and worker on a 3-node Redis Cluster: a few hundred deliveries, nothing lost', { timeout: BUDGET_MS }, async (t) => {
  const started = Date.now()
  const seed = Number(process.env.FAULT_SEED ?? Date.now() % 100_000)
  t.comment(`seed ${seed} (FAULT_SEED=${seed} replays this run's mix)`)
  const random = seededRandom(seed)

  const logs = new LogBook()
  const cluster = await startRedisCluster(t, 3, logs)
  t.comment(`cluster REDIS_URL ${cluster.url}`)
  const stack = await createStack(t, { redisUrl: cluster.url, logs })
  t.match(stack.prefix, /^\{[^{}]+\}$/, 'the BullMQ prefix is a Cluster hash tag')
  scriptFlakyPlatform(stack.receiver, random, { calls: 150, failShare: 0.2, rateLimitShare: 0, stallAt: -1, stallMs: 0 })
  await Promise.all([...stack.ingests, ...stack.workers].map((service) => service.start()))
  const queues = await openQueues(t, cluster.url, stack.prefix)

  const { deliveries, groups } = await planDeliveries({ posts: POSTS, hooks: stack.hooks, random })
  const report = await createSender({ targets: stack.ingests.map((ingest) => ingest.url), perSecond: 150 }).run(groups)
  t.comment(`sender done in ${report.ms} ms: ${JSON.stringify(report.answers)}`)
  const result = await settle({ databaseUrl: stack.databaseUrl, acked: report.acked, queues, timeoutMs: Math.max(10_000, BUDGET_MS - 15_000 - (Date.now() - started)) })
  t.comment(`${result.settled ? 'settled' : 'NOT settled'} ${result.ms} ms after the last delivery`)
  if (!result.settled) for (const name of ['ingest', 'worker']) t.comment(`${name} warnings: ${JSON.stringify(stack.logs.problems(name))}`)

  t.same(report.rejected, [], 'no well-signed delivery was rejected')
  t.same(report.gaveUp.map((d) => d.key), [], 'every delivery was acknowledged')
  t.equal(report.acked.size, deliveries.length)
  t.ok(result.settled, 'the system settled within the time budget')
  checkStore(t, report.acked, result.store)
  checkCallbacks(t, result.store, stack.receiver)
  checkQueues(t, result.counts)

  // The hash tag puts every key of both queues on the one node that owns its slot.
  const holders = []
  for (const node of cluster.nodes) {
    const reply = await rawCommand(node.port, 'EXISTS', `${stack.prefix}:events:meta`, `${stack.prefix}:callbacks:meta`)
    if (reply?.startsWith(':2')) holders.push(node.port)
  }
  t.equal(holders.length, 1, 'the queues live on one node, the owner of the hash tag slot')
  checkLogs(t, stack.logs, stack.secrets)
})
