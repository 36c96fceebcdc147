import { DeploymentRequest, type EntityManager, PlatformNotice } from '@gwm/domain'
import type { Outbound } from './message.ts'

/**
 * Fails a claimed message whose row has used every attempt (a job the sweeper gave it after its
 * own job had run out) without sending it again; its last error stays, saying it gave up.
 * Resolves to whether this call settled it (a message settled meanwhile keeps its state).
 */
export async function giveUp(em: EntityManager, outbound: Outbound): Promise<boolean> {
  const { row } = outbound
  const lastError = `${row.lastError ?? 'no attempt succeeded'} (gave up after ${row.attempts} attempts)`
  const changes = { status: 'failed' as const, lastError, updatedAt: new Date() }
  const where = { id: row.id, status: 'delivering' as const }
  const changed = outbound.table === 'request' ? await em.nativeUpdate(DeploymentRequest, where, changes) : await em.nativeUpdate(PlatformNotice, where, changes)
  if (changed > 0) Object.assign(row, { status: 'failed', lastError })
  return changed > 0
}
