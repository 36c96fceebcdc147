import type { EntityManager } from '@gwm/domain'

/** What mirroring a deployment request on GitHub reads of it. */
export interface MirrorRequest {
  id: string
  kind: 'production' | 'preview' | 'teardown'
  environment: string
  ref: string
  sha: string | null
  pullRequest: number | null
  installationId: number | null
  status: string
  attempts: number
  createdAt: Date
  checksDeadline: Date | null
  githubDeploymentId: number | null
  /** Its place in its environment's order (null until coalesced). */
  sequence: number | null
  /** The rule that made it (e.g. "production: push to main"). */
  reason: string | null
  repositoryId: string
  /** owner/name as the request was made (or the repository's name now, for older requests). */
  fullName: string
}

interface Row {
  id: string
  kind: MirrorRequest['kind']
  environment: string
  ref: string
  sha: string | null
  pull_request: number | null
  installation_id: string | number | null
  status: string
  attempts: number
  created_at: Date
  checks_deadline: Date | null
  github_deployment_id: string | number | null
  sequence: number | null
  reason: string | null
  repository_id: string
  full_name: string
}

const SQL = `select r.id, r.kind, r.environment, r.ref, r.sha, r.pull_request, r.installation_id, r.status, r.attempts, r.created_at,
  r.checks_deadline, r.github_deployment_id, r.sequence, r.reason, r.repository_id, coalesce(r.repository_full_name, repo.full_name) as full_name
  from deployment_requests r join repositories repo on repo.id = r.repository_id where r.id = ?`

const numberOrNull = (value: string | number | null) => (value === null ? null : Number(value))

/** The request's row as the mirror needs it, read afresh (inside the mirror lock when given its transaction). */
export async function readMirrorRequest(em: EntityManager, id: string): Promise<MirrorRequest | null> {
  const [row] = await em.execute<Row[]>(SQL, [id])
  if (!row) return null
  return {
    id: row.id,
    kind: row.kind,
    environment: row.environment,
    ref: row.ref,
    sha: row.sha,
    pullRequest: row.pull_request,
    installationId: numberOrNull(row.installation_id),
    status: row.status,
    attempts: row.attempts,
    createdAt: new Date(row.created_at),
    checksDeadline: row.checks_deadline ? new Date(row.checks_deadline) : null,
    githubDeploymentId: numberOrNull(row.github_deployment_id),
    sequence: row.sequence,
    reason: row.reason,
    repositoryId: row.repository_id,
    fullName: row.full_name,
  }
}

/** owner and repo of a request's repository, as Octokit takes them. */
export function repoRef(request: MirrorRequest): { owner: string; repo: string } {
  const [owner = '', repo = ''] = request.fullName.split('/')
  return { owner, repo }
}

/**
 * When a request gets its GitHub Deployment: once it was first attempted (claimed for an
 * attempt, or attempted at least once), whatever became of it after. A request never sent gets
 * none: `never` once it cannot be sent any more (superseded, cancelled or blocked before its
 * first attempt), `not_yet` while it still may be (waiting its turn or for checks).
 */
export function sendState(request: Pick<MirrorRequest, 'status' | 'attempts'>): 'sent' | 'never' | 'not_yet' {
  if (request.attempts > 0 || request.status === 'delivering' || request.status === 'delivered' || request.status === 'failed') return 'sent'
  if (request.status === 'superseded' || request.status === 'cancelled' || request.status === 'blocked') return 'never'
  return 'not_yet'
}
