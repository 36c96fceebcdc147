import type { EntityManager } from '@mikro-orm/postgresql'
import type { Delivery } from './delivery.ts'
import { runPrepared } from './run-prepared.ts'
import { deliveryKey, storedKeys } from './stored-keys.ts'

// The writes of App mode's installation state, each one statement.
const UPSERT_INSTALLATION_SQL = `
  insert into installations (id, account_login, account_id, account_type, repository_selection, suspended_at, deleted_at, created_at, updated_at)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?)
  on conflict (id) do update set account_login = excluded.account_login, account_id = excluded.account_id, account_type = excluded.account_type,
    repository_selection = excluded.repository_selection, suspended_at = excluded.suspended_at, deleted_at = excluded.deleted_at, updated_at = excluded.updated_at`

// A repository the installation now covers: its row is created if new (its default branch is
// filled in by its first delivery) and points at the installation.
const COVER_SQL = `
  insert into repositories (id, github_id, full_name, default_branch, private, installation_id, created_at, updated_at)
  select gen_random_uuid(), r.github_id, r.full_name, 'main', r.private, ?, ?, ? from unnest(?::bigint[], ?::text[], ?::boolean[]) as r (github_id, full_name, private)
  on conflict (github_id) do update set installation_id = excluded.installation_id, full_name = excluded.full_name, private = excluded.private, updated_at = excluded.updated_at`

// Repositories the installation no longer covers (these; all of them when it is uninstalled;
// all but these when GitHub lists what it covers) are disconnected, and their requests still
// waiting to be sent are cancelled, with the reason.
const UNCOVER_SQL = `
  with r as (
    update repositories set installation_id = null, updated_at = ?
    where installation_id = ? and (?::boolean or github_id = any(?::bigint[])) and not github_id = any(?::bigint[])
    returning id
  )
  update deployment_requests set status = 'cancelled', last_error = ?, updated_at = ?
  where repository_id in (select id from r) and installation_id = ?
    and (status in ('pending', 'waiting_checks') or (status = 'delivering' and next_attempt_at <= ?))`

const INACTIVE_SQL = 'select id, suspended_at is not null as suspended, deleted_at is not null as deleted from installations where id = any(?::bigint[])'

interface InstallationPayload {
  id?: unknown
  account?: { login?: unknown; id?: unknown; type?: unknown } | null
  repository_selection?: unknown
  suspended_at?: unknown
}
interface RepositoryPayload {
  id?: unknown
  full_name?: unknown
  private?: unknown
}

const repositoriesOf = (value: unknown): Array<{ id: number; fullName: string; private: boolean }> =>
  (Array.isArray(value) ? (value as RepositoryPayload[]) : [])
    .filter((repo) => Number.isSafeInteger(repo?.id) && typeof repo.full_name === 'string')
    .map((repo) => ({ id: repo.id as number, fullName: repo.full_name as string, private: repo.private === true }))

async function upsertInstallation(em: EntityManager, installation: InstallationPayload, selection: unknown, state: { suspendedAt: Date | null; deletedAt: Date | null }, at: Date) {
  const account = installation.account ?? {}
  await runPrepared(em, UPSERT_INSTALLATION_SQL, [
    installation.id,
    typeof account.login === 'string' ? account.login : '',
    Number.isSafeInteger(account.id) ? account.id : 0,
    typeof account.type === 'string' ? account.type : 'User',
    selection === 'all' ? 'all' : 'selected',
    state.suspendedAt,
    state.deletedAt,
    at,
    at,
  ])
}

async function cover(em: EntityManager, installationId: number, repositories: ReturnType<typeof repositoriesOf>, at: Date) {
  if (repositories.length === 0) return
  await runPrepared(em, COVER_SQL, [installationId, at, at, repositories.map((r) => r.id), repositories.map((r) => r.fullName), repositories.map((r) => r.private)])
}

async function uncover(em: EntityManager, installationId: number, githubIds: number[] | 'all', at: Date, keep: number[] = []) {
  if (githubIds !== 'all' && githubIds.length === 0) return
  const reason = githubIds === 'all' && keep.length === 0
    ? `not sent: the GitHub App was uninstalled (installation ${installationId})`
    : `not sent: the repository was removed from the GitHub App's installation ${installationId}`
  await runPrepared(em, UNCOVER_SQL, [at, installationId, githubIds === 'all', githubIds === 'all' ? [] : githubIds, keep, reason, at, installationId, at])
}

/** Applies one installation or installation_repositories delivery; false when it is neither. */
async function apply(em: EntityManager, delivery: Delivery, at: Date): Promise<boolean> {
  const { payload, action } = delivery
  const installation = payload.installation as InstallationPayload | undefined
  const id = installation?.id
  if (!installation || typeof id !== 'number' || !Number.isSafeInteger(id)) return false
  const suspendedAt = typeof installation.suspended_at === 'string' ? new Date(installation.suspended_at) : null
  if (delivery.event === 'installation') {
    if (action === 'deleted') {
      await upsertInstallation(em, installation, installation.repository_selection, { suspendedAt, deletedAt: at }, at)
      await uncover(em, id, 'all', at)
      return true
    }
    const suspended = action === 'suspend' ? (suspendedAt ?? at) : action === 'unsuspend' ? null : suspendedAt
    await upsertInstallation(em, installation, installation.repository_selection, { suspendedAt: suspended, deletedAt: null }, at)
    if (action === 'created') await cover(em, id, repositoriesOf(payload.repositories), at)
    return true
  }
  if (delivery.event === 'installation_repositories') {
    await upsertInstallation(em, installation, payload.repository_selection ?? installation.repository_selection, { suspendedAt, deletedAt: null }, at)
    await cover(em, id, repositoriesOf(payload.repositories_added), at)
    await uncover(em, id, repositoriesOf(payload.repositories_removed).map((r) => r.id), at)
    return true
  }
  return false
}

const INSTALLATION_EVENTS = new Set(['installation', 'installation_repositories'])

/**
 * App mode: the installations and repository coverage that new `installation` and
 * `installation_repositories` deliveries describe, applied in their order (a redelivery of one
 * already stored changes nothing). Resolves to the installations changed.
 */
export async function applyInstallationEvents(em: EntityManager, deliveries: Delivery[], at: Date): Promise<number[]> {
  const candidates = deliveries.filter((d) => INSTALLATION_EVENTS.has(d.event))
  if (candidates.length === 0) return []
  const stored = await storedKeys(em, candidates)
  const changed = new Set<number>()
  const seen = new Set<string>()
  for (const delivery of candidates) {
    const key = deliveryKey(delivery)
    if (stored.has(key) || seen.has(key)) continue
    seen.add(key)
    // One transaction a delivery: nobody reads an uninstalled installation whose repositories are still connected.
    if (await em.transactional((tx) => apply(tx, delivery, at))) changed.add(delivery.installationId ?? Number((delivery.payload.installation as InstallationPayload).id))
  }
  return [...changed]
}

/** Why deliveries of these installations derive no deployment requests: suspended or uninstalled. */
export async function inactiveInstallations(em: EntityManager, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map()
  const rows = await runPrepared<{ id: string | number; suspended: boolean; deleted: boolean }>(em, INACTIVE_SQL, [ids], { planEachTime: true })
  const inactive = new Map<number, string>()
  for (const row of rows) {
    if (row.deleted) inactive.set(Number(row.id), `no deployment: the GitHub App was uninstalled (installation ${row.id})`)
    else if (row.suspended) inactive.set(Number(row.id), `no deployment: the GitHub App's installation ${row.id} is suspended`)
  }
  return inactive
}

/** An installation as GitHub lists it now (the App's API), with the repositories it covers. */
export interface ListedInstallation {
  id: number
  account: { login: string; id: number; type: string }
  selection: 'all' | 'selected'
  suspended: boolean
  /** null when they could not be listed (a suspended installation has no token): coverage is kept as it is. */
  repositories: Array<{ id: number; fullName: string; private: boolean }> | null
}

const LIVE_SQL = 'select id from installations where deleted_at is null'

/**
 * Makes Postgres say what GitHub says now about the App's installations (a missed installation
 * event, or one that came while nothing ran): each listed one with exactly the repositories
 * listed, and any installation no longer listed uninstalled. Resolves to the installations changed.
 */
export async function syncInstallations(em: EntityManager, listed: ListedInstallation[], at = new Date()): Promise<number[]> {
  for (const installation of listed) {
    const payload = { id: installation.id, account: installation.account }
    await em.transactional(async (tx) => {
      await upsertInstallation(tx, payload, installation.selection, { suspendedAt: installation.suspended ? at : null, deletedAt: null }, at)
      if (!installation.repositories) return
      await cover(tx, installation.id, installation.repositories, at)
      await uncover(tx, installation.id, 'all', at, installation.repositories.map((r) => r.id))
    })
  }
  const ids = new Set(listed.map((installation) => installation.id))
  const gone = (await runPrepared<{ id: string | number }>(em, LIVE_SQL, [], { planEachTime: true })).map((row) => Number(row.id)).filter((id) => !ids.has(id))
  for (const id of gone) {
    await em.transactional(async (tx) => {
      await runPrepared(tx, 'update installations set deleted_at = ?, updated_at = ? where id = ?', [at, at, id])
      await uncover(tx, id, 'all', at)
    })
  }
  return [...ids, ...gone]
}
