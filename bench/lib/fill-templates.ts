import { DEFAULT_DEPLOY_RULES, decide } from '../../packages/domain/src/index.ts'
import { planDeliveries, seededRandom } from '../../tests/faults/lib/github-sender.ts'

/** A real payload of the e2e mix. */
export interface Template {
  event: string
  action: string | null
  sender: string | null
  decision: string
  /** Whether the payload is about a repository (an organization's ping is not). */
  repository: boolean
  /** With a repository, the payload's JSON after it: `'{"repository":' + repository + rest` is the payload; without, the whole payload. */
  rest: string
  requests: Array<{ kind: string; ref: string; sha: string | null; environment: string; pullRequest: number | null; reason: string }>
}

const obj = (value: unknown) => (value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined)

/**
 * The repository object GitHub sends in every event about a repository, as the e2e pool's first
 * push has it, with placeholders for its full name, name and id: @FULL_NAME@, @NAME@, @ID@.
 */
export async function repositoryTemplate(): Promise<string> {
  const { deliveries } = await planDeliveries({ posts: 1, hooks: [{ id: 1, secret: 'fill' }], random: () => 0, duplicateShare: 0, deployingShare: 1, ownRepositories: true })
  const repository = obj(deliveries[0]?.payload.repository)
  if (!repository) throw new Error('the e2e pool\'s first payload names no repository')
  return JSON.stringify({ ...repository, id: '@ID@', name: '@NAME@', full_name: '@FULL_NAME@' }).replace('"@ID@"', '@ID@')
}

/**
 * The e2e benchmark's pool (bench/e2e.ts: the same seed, size and share of deliveries that
 * deploy), each payload made a template of its repository, with what the default rules decide.
 */
export async function fillTemplates(pool = 400, seed = 1): Promise<Template[]> {
  const { deliveries } = await planDeliveries({ posts: pool, hooks: [{ id: 1, secret: 'fill' }], random: seededRandom(seed), duplicateShare: 0, deployingShare: 0.5, ownRepositories: true })
  return deliveries.map(({ event, payload }) => {
    const decision = decide(event, payload, DEFAULT_DEPLOY_RULES, { defaultBranch: String(obj(payload.repository)?.default_branch ?? 'main') })
    const { repository: _, ...others } = payload
    const text = JSON.stringify(others)
    const about = obj(payload.repository) !== undefined
    return {
      event,
      action: typeof payload.action === 'string' ? payload.action : null,
      sender: (obj(payload.sender)?.login as string | undefined) ?? null,
      decision: decision.decision,
      repository: about,
      rest: !about ? text : text === '{}' ? '}' : `,${text.slice(1)}`,
      requests: decision.requests.map((request) => ({ kind: request.kind, ref: request.ref, sha: request.sha, environment: request.environment, pullRequest: request.pullRequest ?? null, reason: request.reason })),
    }
  })
}
