import { randomUUID } from 'node:crypto'
import { DeliveryKey, DeploymentRequest, type DeploymentKind, type MikroORM, Repository, type RequestStatus, WebhookEvent } from '@gwm/domain'

/** Repositories of the simulator's default seed: who may see them is the simulator's business. */
const REPOS = {
  'octocat/hello-world': 1296269,
  /** Private: octocat owns it, monalisa may read it, hubot cannot see it. */
  'octocat/private-notes': 1296270,
  'hubot/scripts': 1296273,
} as const
type Repo = keyof typeof REPOS

export interface RequestSeed {
  repo?: Repo
  environment?: string
  kind?: DeploymentKind
  status?: RequestStatus
  sha?: string
  sequence?: number
  /** Set: the request was made in GitHub App mode. */
  installationId?: number
  createdAt?: Date
}

/** One push event and the deployment request the worker derived from it, as the worker stores them. */
export async function seedRequest(orm: MikroORM, seed: RequestSeed = {}) {
  const em = orm.em.fork()
  const fullName = seed.repo ?? 'octocat/hello-world'
  const githubId = REPOS[fullName]
  const repository = (await em.findOne(Repository, { githubId })) ?? em.create(Repository, { githubId, fullName, defaultBranch: 'main' })
  const sha = seed.sha ?? randomUUID().replaceAll('-', '').padEnd(40, '0')
  // Its key too, as the worker writes it: a delivery is stored once by delivery_keys.
  const key = em.create(DeliveryKey, { hookId: 1, deliveryId: randomUUID(), eventId: randomUUID(), receivedAt: seed.createdAt ?? new Date() })
  const event = em.create(WebhookEvent, {
    id: key.eventId,
    deliveryId: key.deliveryId,
    hookId: 1,
    event: 'push',
    repository,
    receivedAt: key.receivedAt,
    processedAt: new Date(),
    payload: { ref: 'refs/heads/main', after: sha, repository: { id: githubId, full_name: fullName } },
  })
  const environment = seed.environment ?? 'production'
  const request = em.create(DeploymentRequest, {
    event,
    repository,
    kind: seed.kind ?? 'production',
    ref: 'refs/heads/main',
    sha,
    environment,
    status: seed.status ?? 'delivered',
    installationId: seed.installationId ?? null,
    sequence: seed.sequence ?? null,
    reason: `${seed.kind ?? 'production'}: push to main`,
    ...(seed.createdAt ? { createdAt: seed.createdAt } : {}),
  })
  await em.flush()
  if (seed.sequence !== undefined) {
    // As the worker numbers requests: the environment's row holds the last number handed out.
    await em.execute(`insert into environment_sequences (repository_id, environment, last_sequence) values (?, ?, ?)
      on conflict (repository_id, environment) do update set last_sequence = greatest(environment_sequences.last_sequence, excluded.last_sequence)`,
    [repository.id, environment, seed.sequence])
  }
  return { requestId: request.id, deliveryId: event.deliveryId, eventId: event.id, repositoryId: repository.id, sha }
}
