import { type EntityManager, type IUser, User } from '@gwm/domain'
import type { Profile } from '@gwm/github'
import { isUniqueViolation } from '../db/unique-violation.ts'

/** What we keep of a GitHub profile on the platform account. */
export type GitHubIdentity = Pick<Profile, 'id' | 'login' | 'name' | 'email' | 'avatarUrl'>


/**
 * The platform account of a GitHub identity: created the first time it is seen, refreshed
 * otherwise. `created` is true only for the request that inserted the row, even when two
 * first logins race.
 */
export async function upsertUser(em: EntityManager, identity: GitHubIdentity, login = false): Promise<{ user: IUser; created: boolean }> {
  const fields = {
    login: identity.login,
    name: identity.name,
    email: identity.email,
    avatarUrl: identity.avatarUrl,
    ...(login ? { lastLoginAt: new Date() } : {}),
  }
  const existing = await em.findOne(User, { githubId: identity.id })
  if (existing) {
    em.assign(existing, fields)
    await em.flush()
    return { user: existing, created: false }
  }
  const user = em.create(User, { githubId: identity.id, ...fields })
  try {
    await em.flush()
    return { user, created: true }
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    em.clear()
    return upsertUser(em, identity, login)
  }
}

/** Undoes a creation whose follow-up could not happen (the provisioning message). */
export async function forgetNewUser(em: EntityManager, user: IUser) {
  await em.nativeDelete(User, { id: user.id })
}
