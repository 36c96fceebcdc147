import { addJob, type JobName } from '@gwm/queue'
import { type AppEdit, startGitHubSim } from '@gwm/github-sim'
import { closedPort } from '@gwm/testkit'
import type { Job } from 'bullmq'
import type { Test } from 'tap'
import { backing, startWorker, until } from './start-worker.ts'

const NO_SCHEDULES = { RECONCILE_DELIVERIES_INTERVAL_MS: '0', RECONCILE_PUSHES_INTERVAL_MS: '0', RECONCILE_HOOKS_INTERVAL_MS: '0', REBUILD_SECRET_REGISTRY_INTERVAL_MS: '0' }
/** GitHub's outages in these tests are retried within milliseconds, not seconds. */
const QUICK_RETRIES = { GITHUB_RETRY_BASE_MS: '20' }

/**
 * An App-mode worker against the simulator: the App installed on octocat/hello-world, its webhook
 * pointing nowhere, WEBHOOK_URL set to it (the test hands the worker the deliveries it wants stored), no schedules (the
 * test runs each reconcile job itself, through the worker's reconcile queue). `settings` are the
 * App's as registered before it is installed (permissions, events).
 */
export async function reconcileApp(t: Test, env: Record<string, string> = {}, settings: AppEdit = {}) {
  const sim = await startGitHubSim()
  t.teardown(() => sim.close())
  const webhookUrl = `http://127.0.0.1:${await closedPort()}/api/webhook`
  const credentials = sim.control.editApp('gwm-local', { webhookUrl, webhookSecret: 'app-webhook-secret', ...settings })
  const installed = await sim.control.install({ account: 'octocat', repositories: ['hello-world'] })
  const b = await backing(t, { GITHUB_APP_ID: String(credentials.id), GITHUB_APP_PRIVATE_KEY: credentials.privateKey, GITHUB_API_URL: sim.apiUrl, WEBHOOK_URL: webhookUrl, ...NO_SCHEDULES, ...QUICK_RETRIES, ...env })
  const start = async () => {
    const worker = await startWorker(t, b)
    await worker.synced
    return worker
  }
  const worker = await start()
  return {
    sim,
    b,
    credentials,
    /** Where the App's webhook points, and WEBHOOK_URL. */
    webhookUrl,
    installationId: installed.id,
    worker,
    /** Another worker on the same Postgres and Redis. */
    start,
    /** A push to main of octocat/hello-world; GitHub sends it or (undelivered) never does. */
    async push(message: string, opts: { undelivered?: boolean; branch?: string } = {}) {
      return sim.control.push({ repo: 'octocat/hello-world', branch: opts.branch ?? 'main', commits: [{ message, files: { [`src/${message.replace(/\W+/g, '-')}.txt`]: message } }], ...(opts.undelivered ? { undelivered: true } : {}) })
    },
    /** Hands a push's App delivery to the worker, as the ingest would. */
    async deliver(result: Awaited<ReturnType<typeof sim.control.push>>) {
      const delivery = result.deliveries.find((candidate) => candidate.hookId === credentials.hookId)
      if (!delivery) throw new Error('the push made no App delivery')
      return b.appendEvent('push', delivery.request.payload, { hookId: delivery.hookId, deliveryId: delivery.guid })
    },
    /** Runs a reconcile job through a worker's queue and waits for its end: its result, or why it failed. */
    async run(name: JobName & `reconcile-${string}`, on = worker): Promise<{ result?: Record<string, unknown>; failed?: string }> {
      const job = await addJob(on.queues.reconcile, name, {})
      const done = await until(async () => {
        const current: Job | undefined = await on.queues.reconcile.getJob(job.id!)
        return current?.finishedOn ? current : undefined
      }, 60_000, `${name} finished`)
      return done.failedReason ? { failed: done.failedReason } : { result: done.returnvalue as Record<string, unknown> }
    },
  }
}
