import { DeploymentRequest, recordPlatformStatus, type PlatformStatusInput } from '@gwm/domain'
import { type Delivery, startGitHubSim } from '@gwm/github-sim'
import { addJob } from '@gwm/queue'
import { closedPort } from '@gwm/testkit'
import type { Queue } from 'bullmq'
import type { Test } from 'tap'
import { backing, startWorker, until } from './start-worker.ts'

const NO_SCHEDULES = { RECONCILE_DELIVERIES_INTERVAL_MS: '0', RECONCILE_PUSHES_INTERVAL_MS: '0', RECONCILE_HOOKS_INTERVAL_MS: '0', REBUILD_SECRET_REGISTRY_INTERVAL_MS: '0' }
// GitHub's one second between writes would make each test wait a second per write.
const UNSPACED_WRITES = { GITHUB_WRITE_INTERVAL_MS: '0' }
export const REPO = 'octocat/hello-world'

/**
 * An App-mode worker against the simulator for the GitHub mirror: the default App (deployments
 * and pull requests: write) installed on octocat/hello-world, its webhook pointing nowhere (the
 * test hands the worker the deliveries), no reconcile schedules, writes not spaced.
 */
export async function mirrorApp(t: Test) {
  const sim = await startGitHubSim()
  t.teardown(() => sim.close())
  const credentials = sim.control.editApp('gwm-local', { webhookUrl: `http://127.0.0.1:${await closedPort()}/api/webhook` })
  await sim.control.install({ account: 'octocat', repositories: ['hello-world'] })
  const b = await backing(t, { GITHUB_APP_ID: String(credentials.id), GITHUB_APP_PRIVATE_KEY: credentials.privateKey, GITHUB_API_URL: sim.apiUrl, ...NO_SCHEDULES, ...UNSPACED_WRITES })
  const start = async () => {
    const worker = await startWorker(t, b)
    await worker.synced
    return worker
  }
  const worker = await start()
  const em = () => b.orm.em.fork()
  const githubWrites = worker.queues.githubWrites as Queue

  return {
    sim,
    b,
    worker,
    start,
    githubWrites,
    /** Hands an action's App delivery to the worker, as the ingest would; the delivery id. */
    async deliver(result: { deliveries: Delivery[] }): Promise<string> {
      const delivery = result.deliveries.find((candidate) => candidate.hookId === credentials.hookId)
      if (!delivery) throw new Error('the action made no App delivery')
      return b.appendEvent(delivery.event, delivery.request.payload, { hookId: delivery.hookId, deliveryId: delivery.guid })
    },
    /** The one request a delivery made, once it was sent to the platform. */
    requestOf(deliveryId: string) {
      return until(() => em().findOne(DeploymentRequest, { event: { deliveryId }, attempts: { $gt: 0 } }), 15_000, `request of ${deliveryId} sent`)
    },
    /** What the platform reports back (the gateway's status endpoint stores it so), and its mirror queued as the gateway queues it. */
    async report(requestId: string, input: PlatformStatusInput): Promise<string> {
      const recorded = await recordPlatformStatus(em(), requestId, input)
      if (recorded.outcome !== 'created') throw new Error(`status not recorded: ${recorded.outcome}`)
      await addJob(githubWrites, 'github-deployment-status', { requestId, statusId: recorded.status.id }, recorded.status.id)
      return recorded.status.id
    },
    /** A github-writes job once it completed (the mirror job of a request or a status is named by its id), with what it returned. */
    async finished(jobId: string) {
      const completed = async () => (await githubWrites.getJobState(jobId)) === 'completed' && githubWrites.getJob(jobId)
      return until(completed, 15_000, `github-writes job ${jobId} completed`)
    },
    /** Waits until no github-writes job is waiting, delayed or running. */
    async idle() {
      await until(async () => {
        const counts = await githubWrites.getJobCounts('waiting', 'delayed', 'active', 'prioritized')
        return Object.values(counts).every((count) => count === 0)
      }, 20_000, 'github-writes idle')
    },
    /** The simulator's deployments of an environment, newest first. */
    deployments: (environment?: string) => sim.control.deployments(REPO, environment === undefined ? {} : { environment }),
    comments: (number: number) => sim.control.issueComments(REPO, number),
  }
}
