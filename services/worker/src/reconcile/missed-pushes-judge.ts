import type { EntityManager } from '@gwm/domain'
import type { DeployedBranch } from './missed-pushes-branches.ts'
import { knownBranch, pushStored, type WatchedRepository } from './missed-pushes-known.ts'
import { pushKey } from './pending-deliveries.ts'

/**
 * What one deployed branch's head on GitHub means to us: in sync (its push was stored, whatever
 * the rules then made of it, or its commit was requested), pending (its delivery waits in the
 * inbox or the events queue), no baseline (nothing was ever received for the branch: its head
 * predates the connection, and deploying it is not ours to decide), or missed, with the head we
 * last knew.
 */
export type Verdict = { kind: 'in sync' | 'pending' | 'no baseline' } | { kind: 'missed'; before: string }

export async function judgeBranch(em: EntityManager, pending: Set<string>, repository: WatchedRepository, branch: DeployedBranch): Promise<Verdict> {
  const known = await knownBranch(em, repository.id, branch.ref, branch.environment)
  if (known.requestedSha === branch.head || known.pushedSha === branch.head) return { kind: 'in sync' }
  const before = known.pushedSha ?? known.requestedSha
  if (before === null) return { kind: 'no baseline' }
  if (pending.has(pushKey(repository.githubId, branch.ref, branch.head))) return { kind: 'pending' }
  // An older push to this head (a branch moved back to it) was received: what it asked for was decided then.
  if (await pushStored(em, repository.id, branch.ref, branch.head)) return { kind: 'in sync' }
  return { kind: 'missed', before }
}
