import { HttpError } from '@gwm/runtime'

/**
 * GitHub signs the body, not X-GitHub-Event: a captured body sent again under another event name
 * still verifies (a `create` sent as `delete` would tear an environment down). For the events the
 * pipeline acts on, the payload must have the top-level fields that event always has, and none of
 * those that tell it from its look-alikes. Checked against every example payload (@octokit/webhooks-examples).
 */
interface Shape {
  has: string[]
  lacks?: string[]
}

const SHAPES: Record<string, Shape> = {
  push: { has: ['ref', 'before', 'after', 'commits'], lacks: ['ref_type', 'action'] },
  create: { has: ['ref', 'ref_type', 'master_branch'] },
  delete: { has: ['ref', 'ref_type'], lacks: ['master_branch'] },
  pull_request: { has: ['action', 'number', 'pull_request'] },
  release: { has: ['action', 'release'] },
  check_suite: { has: ['action', 'check_suite'] },
  check_run: { has: ['action', 'check_run'], lacks: ['deployment_status'] },
  ping: { has: ['zen', 'hook'] },
  // Every App event names its installation; only these two describe it (with its account).
  installation: { has: ['action', 'installation.account'], lacks: ['repositories_added'] },
  installation_repositories: { has: ['action', 'installation.account', 'repositories_added', 'repositories_removed'] },
}

function present(payload: Record<string, unknown>, path: string): boolean {
  let value: unknown = payload
  for (const field of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, field)) return false
    value = (value as Record<string, unknown>)[field]
  }
  return true
}

/** Throws a 400 when the payload is not shaped like the event it was sent as (events not listed are not checked). */
export function checkEventShape(event: string, payload: Record<string, unknown>): void {
  const shape = SHAPES[event]
  if (!shape) return
  const missing = shape.has.find((path) => !present(payload, path))
  const extra = shape.lacks?.find((path) => present(payload, path))
  if (missing === undefined && extra === undefined) return
  const problem = missing !== undefined ? `a ${event} payload has "${missing}", this one has not` : `a ${event} payload has no "${extra}", this one has`
  throw new HttpError(400, 'bad_request', `X-GitHub-Event "${event}" does not fit the payload: ${problem} (send the event name GitHub sent with this body)`)
}
