import { createHash } from 'node:crypto'
import type { Payload } from './payload.ts'
import { UsageError } from './usage-error.ts'

/** Who a repository is, as GitHub knows it, or made up (and said so) when GitHub does not. */
export interface RepositoryIdentity {
  id: number
  name: string
  fullName: string
  owner: { login: string; id?: number }
  /** Not on GitHub (or GitHub not reachable): the id is derived from the name, the same each time. */
  madeUp: boolean
}

const madeUpId = (fullName: string) => 900_000_000_000 + (createHash('sha256').update(fullName.toLowerCase()).digest().readUIntBE(0, 6) % 100_000_000_000)

/** owner/name as the GitHub API (the simulator, locally) answers for it; its public read needs no token. */
export async function lookUpRepository(apiUrl: string, fullName: string): Promise<RepositoryIdentity> {
  const [login, name] = fullName.split('/') as [string, string]
  const res = await fetch(`${apiUrl}/repos/${fullName}`, {
    headers: { accept: 'application/vnd.github+json', 'user-agent': 'gwm-send' },
    signal: AbortSignal.timeout(10_000),
  }).catch(() => undefined)
  if (res?.ok) {
    const found = (await res.json()) as { id: number; name: string; full_name: string; owner: { login: string; id: number } }
    return { id: found.id, name: found.name, fullName: found.full_name, owner: { login: found.owner.login, id: found.owner.id }, madeUp: false }
  }
  await res?.arrayBuffer()
  return { id: madeUpId(fullName), name, fullName, owner: { login }, madeUp: true }
}

const replaceIn = (value: unknown, from: string, to: string): unknown => {
  if (typeof value === 'string') return value.replaceAll(from, to)
  if (Array.isArray(value)) return value.map((item) => replaceIn(item, from, to))
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceIn(item, from, to)]))
  return value
}

/** The payload about another repository: its id, name, full name, owner and URLs agree. */
export function rewriteRepository(payload: Payload, identity: RepositoryIdentity): Payload {
  const repository = payload.repository as Record<string, unknown> | undefined
  if (repository === null || typeof repository !== 'object') throw new UsageError('this payload names no repository for --repo to rewrite')
  const oldFullName = typeof repository.full_name === 'string' ? repository.full_name : ''
  const renamed = (oldFullName ? replaceIn(repository, oldFullName, identity.fullName) : { ...repository }) as Record<string, unknown>
  const owner = { ...(renamed.owner as Record<string, unknown> | undefined), login: identity.owner.login, ...(identity.owner.id === undefined ? {} : { id: identity.owner.id }) }
  return { ...payload, repository: { ...renamed, id: identity.id, name: identity.name, full_name: identity.fullName, owner } }
}
