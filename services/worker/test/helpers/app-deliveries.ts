import { randomUUID } from 'node:crypto'
import { WebhookEvent } from '@gwm/domain'
import { createGitHubApp } from '@gwm/github'
import { type Delivery, startGitHubSim } from '@gwm/github-sim'
import { appendToInbox, createQueue, jobId, QUEUES } from '@gwm/queue'
import { createTestOrm, createTestRedis, startHookReceiver } from '@gwm/testkit'
import Fastify from 'fastify'
import { Registry } from 'prom-client'
import type { Test } from 'tap'
import { reconcileAppDeliveries } from '../../src/reconcile/deliveries.ts'
import { createReconcileMetrics } from '../../src/reconcile/metrics.ts'
import { pendingDeliveries } from '../../src/reconcile/pending-deliveries.ts'

/**
 * The simulator's App installed on octocat/hello-world, its webhook pointed at a door the test
 * controls (202 by default: delivered, but nothing stores it), real Postgres, a real Redis inbox
 * (empty unless a test puts a delivery there), and the delivery reconciliation run against them.
 */
export async function appDeliveries(t: Test) {
  const sim = await startGitHubSim()
  t.teardown(() => sim.close())
  const door = await startHookReceiver(t, { status: 202 })
  const credentials = sim.control.editApp('gwm-local', { webhookUrl: door.url })
  const { orm, db } = await createTestOrm(t)
  const redis = await createTestRedis(t)
  const events = createQueue(QUEUES.events, redis.client, redis.prefix)
  t.teardown(() => events.close())
  const app = createGitHubApp({ appId: credentials.id, privateKey: credentials.privateKey, baseUrl: sim.apiUrl, retries: 0 })
  const registry = new Registry()
  const metrics = createReconcileMetrics(registry)
  const log = Fastify({ logger: false }).log
  const installed = await sim.control.install({ account: 'octocat', repositories: ['hello-world'] })

  const store = async (guid: string) => {
    await orm.em.fork().insert(WebhookEvent, { id: randomUUID(), deliveryId: guid, hookId: credentials.hookId, event: 'push', receivedAt: new Date(), payload: {} })
  }
  // The installation event is taken as stored, and long past: each test starts from its own deliveries.
  for (const delivery of installed.deliveries) {
    await store(delivery.guid)
    delivery.deliveredAt = new Date(Date.now() - 15 * 60_000).toISOString()
  }

  return {
    sim,
    door,
    orm,
    db,
    app,
    credentials,
    metrics,
    registry,
    log,
    store,
    /** A push to main; its App delivery as the simulator recorded it. */
    async push(message = 'a change'): Promise<Delivery> {
      const result = await sim.control.push({ repo: 'octocat/hello-world', branch: 'main', commits: [{ message, files: { [`f-${randomUUID()}.txt`]: message } }] })
      const delivery = result.deliveries.find((candidate) => candidate.hookId === credentials.hookId)
      if (!delivery) throw new Error('the push made no App delivery')
      return delivery
    },
    /** The attempts GitHub recorded for a GUID (the first, then each redelivery). */
    attempts: (guid: string) => sim.control.deliveries({ guid }),
    /** A delivery the ingest accepted, still waiting in the inbox for a worker. */
    async inInbox(delivery: Delivery) {
      const data = { deliveryId: delivery.guid, event: delivery.event, hookId: String(delivery.hookId), receivedAt: new Date().toISOString() }
      await appendToInbox(redis.client, redis.prefix, [{ jobId: jobId(delivery.hookId, delivery.guid), data, payload: Buffer.from(JSON.stringify(delivery.request.payload)) }])
    },
    /** One run, as the scheduled job makes it: what waits in the inbox read first. */
    run: async (opts: { graceMs?: number; now?: Date } = {}) => {
      const pending = await pendingDeliveries(redis.client, redis.prefix, events)
      return reconcileAppDeliveries({ app, em: orm.em.fork(), graceMs: opts.graceMs ?? 0, pending: pending?.deliveryIds ?? null, metrics, log, ...(opts.now ? { now: opts.now } : {}) })
    },
    redeliveries: async () => (await orm.em.fork().execute('select delivery_id, reason, hook from redeliveries order by delivery_id')) as Array<{ delivery_id: string; reason: string; hook: string }>,
    watermark: async () => {
      const [row] = (await orm.em.fork().execute("select watermark from reconcile_watermarks where name = 'deliveries:app'")) as Array<{ watermark: Date }>
      return row ? new Date(row.watermark) : undefined
    },
  }
}

/** Waits until every delivery the simulator started (redeliveries included) has finished. */
export const settle = (s: { sim: { control: { idle(): Promise<void> } } }) => s.sim.control.idle()
