import { randomUUID } from 'node:crypto'
import { CallbackAttempt, DeliveryKey, DeploymentRequest, type DeploymentKind, type MikroORM, Repository, type RequestStatus, User, Webhook, WebhookEvent } from '@gwm/domain'
import { example } from '@gwm/testkit'

/** Repositories of the simulator's default seed, by full name. */
const SIM_REPOS = {
  'octocat/hello-world': 1296269,
  'octocat/private-notes': 1296270,
  'octo-org/platform': 1296272,
  'hubot/scripts': 1296273,
} as const
export type SimRepo = keyof typeof SIM_REPOS

export interface SeedRequest {
  kind?: DeploymentKind
  environment?: string
  status?: RequestStatus
  /** Status codes of the callback attempts made so far (null: no answer). */
  attempts?: Array<number | null>
}

/**
 * Writes one event as the worker would have stored it: a real example payload re-pointed
 * at a simulator repository, and the deployment requests and callback attempts given.
 * payloadJson replaces the payload with that text, stored as the worker stores it (JSON
 * that JSON.stringify could not have written, nested 10,000 deep, included).
 */
export async function seedEvent(orm: MikroORM, options: { repo: SimRepo; event?: string; action?: string; ref?: string; receivedAt?: Date; requests?: SeedRequest[]; payloadJson?: string; deliveryId?: string; hookId?: number }) {
  const em = orm.em.fork()
  const name = options.event ?? 'push'
  const payload = example(name, options.action)
  if (options.ref) payload.ref = options.ref
  const githubId = SIM_REPOS[options.repo]
  payload.repository = { ...(payload.repository as object), id: githubId, full_name: options.repo, default_branch: 'master' }
  const repository = (await em.findOne(Repository, { githubId })) ?? em.create(Repository, { githubId, fullName: options.repo, defaultBranch: 'master' })
  const deliveryId = options.deliveryId ?? randomUUID()
  const hookId = options.hookId ?? 1
  const receivedAt = options.receivedAt ?? new Date()
  // Its key too, as the worker writes it: a delivery is stored once by delivery_keys.
  const eventId = em.create(DeliveryKey, { hookId, deliveryId, eventId: randomUUID(), receivedAt }).eventId
  const event = em.create(WebhookEvent, {
    id: eventId,
    deliveryId,
    hookId,
    event: name,
    action: typeof payload.action === 'string' ? payload.action : null,
    repository,
    sender: 'octocat',
    receivedAt,
    processedAt: new Date(),
    payload,
  })
  const requests = (options.requests ?? []).map((spec) => {
    const codes = spec.attempts ?? []
    const request = em.create(DeploymentRequest, {
      event,
      repository,
      kind: spec.kind ?? 'production',
      ref: 'refs/heads/master',
      sha: String(payload.after ?? 'a'.repeat(40)),
      environment: spec.environment ?? 'production',
      status: spec.status ?? 'pending',
      attempts: codes.length,
      ...(spec.status === 'delivered' ? { deliveredAt: new Date() } : {}),
      ...(spec.status === 'failed' ? { lastError: `HTTP ${codes.at(-1) ?? 400}` } : {}),
    })
    codes.forEach((statusCode, i) => {
      em.create(CallbackAttempt, { request, attempt: i + 1, statusCode, durationMs: 12, error: statusCode === 200 ? null : `HTTP ${statusCode}` })
    })
    return request
  })
  await em.flush()
  if (options.payloadJson !== undefined) await em.execute('update webhook_events set payload = ?::json where id = ?', [options.payloadJson, event.id])
  return { deliveryId, eventId: event.id, requestIds: requests.map((r) => r.id), repositoryId: repository.id }
}

/** A Webhook row saying `login` connected `repo` (they need not administer it any more). */
export async function seedConnection(orm: MikroORM, repo: SimRepo, userId: string) {
  const em = orm.em.fork()
  const githubId = SIM_REPOS[repo]
  const repository = (await em.findOne(Repository, { githubId })) ?? em.create(Repository, { githubId, fullName: repo })
  em.create(Webhook, { githubHookId: githubId * 10, repository, connectedBy: em.getReference(User, userId), events: ['push'], secretEncrypted: 'v1.x.y.z' })
  await em.flush()
}
