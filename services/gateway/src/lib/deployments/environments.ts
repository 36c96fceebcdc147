import type { EntityManager } from '@gwm/domain'

/** One environment of a repository as the platform and the manager know it. */
export interface EnvironmentSummary {
  name: string
  /** The URL of the request that gives the state, else of the last deployed one (a teardown reports none). */
  url: string | null
  /** The state last reported for the environment: its newest request with a state says it. */
  state: string | null
  stateAt: string | null
  /** The newest request that was or will be sent (superseded and cancelled ones never are). */
  lastRequested: { id: string; kind: string; sha: string | null; status: string; sequence: number | null; createdAt: string } | null
  /** The newest request the platform reported `success` of. */
  lastDeployed: { id: string; sha: string | null; at: string | null } | null
}

interface Row {
  environment: string
  requested_id: string | null
  requested_kind: string | null
  requested_sha: string | null
  requested_status: string | null
  requested_sequence: number | null
  requested_at: Date | null
  deployed_id: string | null
  deployed_sha: string | null
  deployed_at: Date | null
  state: string | null
  state_at: Date | null
  url: string | null
}

// An environment is one its requests were numbered in (environment_sequences: a row per
// environment). "Newest" is the environment's order, its sequence; each lateral walks the
// (repository_id, environment, sequence) index backwards and stops at the first row that fits.
// Requests stored before sequences existed have none and are not counted.
const NEWEST = 'and sequence is not null order by sequence desc limit 1'
const OF_ENV = 'repository_id = e.repository_id and environment = e.environment'
export const ENVIRONMENTS_SQL = `
  select e.environment,
    r.id as requested_id, r.kind as requested_kind, r.sha as requested_sha, r.status as requested_status,
    r.sequence as requested_sequence, r.created_at as requested_at,
    d.id as deployed_id, d.sha as deployed_sha, d.platform_state_at as deployed_at,
    s.platform_state as state, s.platform_state_at as state_at,
    coalesce(s.environment_url, d.environment_url) as url
  from environment_sequences e
  left join lateral (select id, kind, sha, status, sequence, created_at from deployment_requests
    where ${OF_ENV} and status not in ('superseded', 'cancelled') ${NEWEST}) r on true
  left join lateral (select id, sha, platform_state_at, environment_url from deployment_requests
    where ${OF_ENV} and platform_state = 'success' ${NEWEST}) d on true
  left join lateral (select platform_state, platform_state_at, environment_url from deployment_requests
    where ${OF_ENV} and platform_state is not null ${NEWEST}) s on true
  where e.repository_id = ?::uuid
  order by e.environment`

const iso = (date: Date | string | null) => (date === null ? null : new Date(date).toISOString())

/** Every environment a repository's requests were numbered in, in one statement, ordered by name. */
export async function environmentsOf(em: EntityManager, repositoryId: string): Promise<EnvironmentSummary[]> {
  const rows = await em.execute<Row[]>(ENVIRONMENTS_SQL, [repositoryId])
  return rows.map((row) => ({
    name: row.environment,
    url: row.url,
    state: row.state,
    stateAt: iso(row.state_at),
    lastRequested: row.requested_id === null ? null : {
      id: row.requested_id,
      kind: String(row.requested_kind),
      sha: row.requested_sha,
      status: String(row.requested_status),
      sequence: row.requested_sequence === null ? null : Number(row.requested_sequence),
      createdAt: String(iso(row.requested_at)),
    },
    lastDeployed: row.deployed_id === null ? null : { id: row.deployed_id, sha: row.deployed_sha, at: iso(row.deployed_at) },
  }))
}
