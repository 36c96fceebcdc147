import type { GitHubClient } from './client.ts'
import { GitHubApiError } from './errors.ts'
import { mapped } from './map-error.ts'

export interface Profile {
  id: number
  login: string
  name: string | null
  /** The public email, else the primary verified one when the token has `user:email`. */
  email: string | null
  avatarUrl: string
  htmlUrl: string
  /** The scopes the token carries (from X-OAuth-Scopes). */
  scopes: string[]
}

/** The signed-in user (GET /user, and /user/emails when the profile hides the email). */
export async function getProfile(github: GitHubClient): Promise<Profile> {
  const res = await mapped(() => github.rest.users.getAuthenticated())
  const user = res.data
  let email = user.email ?? null
  if (!email) {
    try {
      const emails = await mapped(() => github.rest.users.listEmailsForAuthenticatedUser({ per_page: 100 }))
      email = emails.data.find((entry) => entry.primary && entry.verified)?.email ?? null
    } catch (error) {
      // Without the user:email scope GitHub hides the list: the profile simply has no email.
      if (!(error instanceof GitHubApiError) || (error.code !== 'not_found' && error.code !== 'forbidden')) throw error
    }
  }
  const scopes = String(res.headers['x-oauth-scopes'] ?? '').split(',').map((scope) => scope.trim()).filter(Boolean)
  return { id: user.id, login: user.login, name: user.name ?? null, email, avatarUrl: user.avatar_url, htmlUrl: user.html_url, scopes }
}
