import type { Redis } from 'ioredis'

/**
 * App mode: which repositories each installation of the GitHub App covers, as the worker keeps
 * it in Postgres (from installation events), published for the ingest, which refuses a delivery
 * whose repository its installation does not cover. One Redis hash for the App.
 */
export interface InstallationRecord {
  id: number
  accountId: number
  selection: 'all' | 'selected'
  suspended: boolean
  deleted: boolean
  /** The covered repositories' GitHub ids (every repository of the account when selection is all). */
  repositoryIds: number[]
}

export const installationsKey = (prefix: string) => `${prefix}:app:installations`

/** The registry hash's fields for these installations. */
export const installationFields = (records: InstallationRecord[]): Record<string, string> =>
  Object.fromEntries(records.map((record) => [String(record.id), JSON.stringify(record)]))

export async function publishInstallations(redis: Redis, prefix: string, records: InstallationRecord[]): Promise<void> {
  if (records.length === 0) return
  await redis.hset(installationsKey(prefix), installationFields(records))
}

export async function readInstallation(redis: Redis, prefix: string, id: number): Promise<InstallationRecord | undefined> {
  const value = await redis.hget(installationsKey(prefix), String(id))
  return value ? (JSON.parse(value) as InstallationRecord) : undefined
}

/** The repository a delivery is about, as its payload names it. */
export interface DeliveryRepository {
  id: number
  ownerId: number | undefined
  fullName: string
}

/** Why an App delivery about this repository must be refused, or undefined when its installation covers it. */
export function coverageProblem(installationId: number, record: InstallationRecord | undefined, repository: DeliveryRepository): string | undefined {
  if (!record) return `installation ${installationId} is not known here (not an installation of this App, or its installation event is still being stored: redeliver in a moment)`
  if (record.deleted) return `installation ${installationId} was uninstalled`
  const covered = record.selection === 'all' ? repository.ownerId === record.accountId || record.repositoryIds.includes(repository.id) : record.repositoryIds.includes(repository.id)
  return covered ? undefined : `repository ${repository.fullName} is not covered by installation ${installationId}`
}
