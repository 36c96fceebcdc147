import { createGitHubClient, type GitHubClient, type GitHubClientOptions } from './client.ts'
import { AppCredentialsError, GitHubApiError } from './errors.ts'
import { mapped, toGitHubError } from './map-error.ts'
import { parseLink } from './paging.ts'

interface AppOptions extends Omit<GitHubClientOptions, 'token' | 'app'> {
  appId: number
  privateKey: string
}

export interface InstallationSummary {
  id: number
  account: { login: string; id: number; type: string }
  repositorySelection: 'all' | 'selected'
  suspended: boolean
}

export interface InstallationToken {
  token: string
  expiresAt: string
  permissions: Record<string, string>
  repositorySelection: 'all' | 'selected'
}

/** One attempt of the App webhook's delivery log. */
export interface AppHookDelivery {
  id: number
  guid: string
  deliveredAt: string
  statusCode: number
  event: string
  redelivery: boolean
  repositoryId: number | null
  installationId: number | null
}

export interface TokenScope {
  /** Narrow the token to these repositories (by id). */
  repositoryIds?: number[]
  /** Narrow the token to these permissions, e.g. { contents: 'read' }. */
  permissions?: Record<string, 'read' | 'write'>
}

interface RawInstallation {
  id: number
  account: { login?: string; name?: string; id: number; type?: string } | null
  repository_selection: 'all' | 'selected'
  suspended_at?: string | null
}

const summary = (raw: RawInstallation): InstallationSummary => ({
  id: raw.id,
  account: { login: raw.account?.login ?? raw.account?.name ?? '', id: raw.account?.id ?? 0, type: raw.account?.type ?? 'User' },
  repositorySelection: raw.repository_selection,
  suspended: Boolean(raw.suspended_at),
})

/**
 * A 401 on the App's own credentials is not the user's to fix: GitHub refused the App's JWT
 * (wrong key, wrong App id, a clock too far off) or the installation is gone.
 */
async function asApp<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    const mappedError = toGitHubError(error)
    if (mappedError instanceof GitHubApiError && mappedError.status === 401) {
      throw new AppCredentialsError(`${mappedError.message.replace(/; sign in again$/, '')}: check GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and this server's clock`, {
        status: 401,
        requestId: mappedError.requestId,
        cause: error,
      })
    }
    throw mappedError
  }
}

/**
 * The GitHub App's clients: the App itself (a JWT: installations, its webhook's deliveries) and
 * its installations (short-lived tokens minted on demand and cached by @octokit/auth-app until
 * shortly before they expire; never stored or logged by us).
 */
export function createGitHubApp(options: AppOptions) {
  const { appId, privateKey, ...clientOptions } = options
  const jwt = createGitHubClient({ ...clientOptions, app: { appId, privateKey } })
  const installations = new Map<number, GitHubClient>()

  return {
    appId,
    /** Authenticated as the App (JWT): for /app endpoints. */
    jwt,
    /** Authenticated as one installation; clients are kept per installation. */
    installation(installationId: number): GitHubClient {
      let client = installations.get(installationId)
      if (!client) {
        client = createGitHubClient({ ...clientOptions, app: { appId, privateKey, installationId } })
        installations.set(installationId, client)
      }
      return client
    },
    async getInstallation(installationId: number): Promise<InstallationSummary> {
      const res = await asApp(() => jwt.rest.apps.getInstallation({ installation_id: installationId }))
      return summary(res.data as RawInstallation)
    },
    async listInstallations(): Promise<InstallationSummary[]> {
      const all = await asApp(() => jwt.paginate(jwt.rest.apps.listInstallations, { per_page: 100 }))
      return (all as RawInstallation[]).map(summary)
    },
    /** An installation token, narrowed as asked (a narrowing beyond the installation is GitHub's 422). */
    async createToken(installationId: number, scope: TokenScope = {}): Promise<InstallationToken> {
      const res = await asApp(() =>
        jwt.rest.apps.createInstallationAccessToken({
          installation_id: installationId,
          ...(scope.repositoryIds ? { repository_ids: scope.repositoryIds } : {}),
          ...(scope.permissions ? { permissions: scope.permissions } : {}),
        }),
      )
      const data = res.data as { token: string; expires_at: string; permissions?: Record<string, string>; repository_selection?: 'all' | 'selected' }
      return { token: data.token, expiresAt: data.expires_at, permissions: data.permissions ?? {}, repositorySelection: data.repository_selection ?? 'selected' }
    },
    /** The repositories an installation covers (every page). */
    async installationRepositories(installationId: number): Promise<Array<{ id: number; fullName: string; private: boolean }>> {
      const client = this.installation(installationId)
      const repositories: Array<{ id: number; fullName: string; private: boolean }> = []
      for (let page = 1; ; page++) {
        const res = await asApp(() => client.rest.apps.listReposAccessibleToInstallation({ per_page: 100, page }))
        repositories.push(...res.data.repositories.map((repo) => ({ id: repo.id, fullName: repo.full_name, private: repo.private })))
        if (!parseLink(res.headers.link).next) return repositories
      }
    },
    /** The App webhook's recent deliveries, newest first, back to `since`. */
    async listHookDeliveries(since?: Date, maxPages = 10): Promise<AppHookDelivery[]> {
      const out: AppHookDelivery[] = []
      let cursor: string | null = null
      for (let page = 0; page < maxPages; page++) {
        const res = await asApp(() => jwt.rest.apps.listWebhookDeliveries({ per_page: 100, ...(cursor ? { cursor } : {}) }))
        for (const item of res.data) {
          if (since && Date.parse(item.delivered_at) < since.getTime()) return out
          const { repository_id: repositoryId, installation_id: installationId } = item as { repository_id?: number | null; installation_id?: number | null }
          out.push({ id: item.id, guid: item.guid, deliveredAt: item.delivered_at, statusCode: item.status_code, event: item.event, redelivery: item.redelivery, repositoryId: repositoryId ?? null, installationId: installationId ?? null })
        }
        const next = parseLink(res.headers.link).next
        cursor = next ? new URL(next).searchParams.get('cursor') : null
        if (!cursor) return out
      }
      return out
    },
    async redeliverHookDelivery(deliveryId: number): Promise<void> {
      await mapped(() => jwt.rest.apps.redeliverWebhookDelivery({ delivery_id: deliveryId }))
    },
  }
}

export type GitHubApp = ReturnType<typeof createGitHubApp>
