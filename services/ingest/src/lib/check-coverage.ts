import { coverageProblem, type InstallationRecord, type PayloadView } from '@gwm/queue'
import { HttpError } from '@gwm/runtime'
import type { LoadCache } from './load-cache.ts'
import { unavailable } from './unavailable.ts'

/** Events that define an installation's coverage: they cannot be checked against it. */
const COVERAGE_EVENTS = new Set(['installation', 'installation_repositories'])

const idOf = (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined)

/**
 * App mode: a delivery of the App's webhook about a repository must come through an installation
 * that covers that repository (the worker publishes the installations it knows). Anything else
 * is refused with a 401 naming the mismatch; a registry that cannot be read is a 503.
 */
export async function checkCoverage(event: string, view: PayloadView, installations: LoadCache<InstallationRecord | undefined>): Promise<void> {
  if (COVERAGE_EVENTS.has(event)) return
  const installationId = idOf((view.installation as { id?: unknown } | undefined)?.id)
  const repository = view.repository as { id?: unknown; full_name?: unknown; owner?: { id?: unknown } } | undefined
  if (installationId === undefined) {
    if (repository) throw new HttpError(401, 'installation_mismatch', 'a delivery of the App webhook names no installation: it cannot be checked against one')
    return
  }
  const repositoryId = idOf(repository?.id)
  if (repositoryId === undefined) return
  let record: InstallationRecord | undefined
  try {
    record = await installations.get(String(installationId))
    // Not known a moment ago may be known now (its installation event was just stored): read again rather than trust the cache.
    record ??= await installations.get(String(installationId), { fresh: true })
  } catch (error) {
    const failure = unavailable('the installation registry could not be read: the delivery was not stored, redeliver it later')
    failure.cause = error
    throw failure
  }
  const problem = coverageProblem(installationId, record, { id: repositoryId, ownerId: idOf(repository?.owner?.id), fullName: String(repository?.full_name ?? repositoryId) })
  if (problem) throw new HttpError(401, 'installation_mismatch', `${problem}: the delivery was refused`)
}
