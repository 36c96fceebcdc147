import {
  AppCredentialsError,
  createGitHubApp,
  GitHubApiError,
  GitHubUnavailableError,
  type InstallationToken,
  NotFoundError,
  RateLimitedError,
  ValidationFailedError,
} from '@gwm/github'
import { HttpError } from '@gwm/runtime'

export interface AppGitHubOptions {
  appId: number
  privateKey: string
  slug: string
  /** GITHUB_URL: where the App's install page is. */
  webUrl: string
  /** GITHUB_API_URL. */
  apiUrl: string
}

/** A failed delivery of the App's webhook, redelivered or not. */
interface AppDelivery {
  id: number
  guid: string
  event: string
}

/**
 * What the gateway asks GitHub as the GitHub App, with no signed-in user: installation tokens
 * for the platform, and the App webhook's deliveries. Every failure is already an HttpError,
 * in the words the platform and operators need: the App's own credentials refused is a 502
 * naming them; GitHub away or rate-limited is a 503 with Retry-After.
 */
export interface AppGitHub {
  slug: string
  /** The App's install page, with the repository pre-selected when its id is known. */
  installUrl(repositoryId?: number): string
  /** An installation token for one repository only, contents read. 404 when the installation no longer covers it. */
  repositoryToken(installationId: number, repositoryId: number, fullName: string): Promise<InstallationToken>
  /** GitHub's recipe for the App webhook: redeliver each delivery about this repository none of whose attempts succeeded. */
  redeliverFailed(repositoryId: number, since: Date): Promise<{ redelivered: AppDelivery[]; failed: Array<{ delivery: AppDelivery; error: string }> }>
}

function toAppHttpError(error: unknown, notFound: string): unknown {
  if (!(error instanceof GitHubApiError)) return error
  if (error instanceof AppCredentialsError) return new HttpError(502, 'github_app_credentials', `GitHub refused the App's credentials: ${error.message}`)
  if (error instanceof RateLimitedError) {
    const wait = String(error.retryAfterSeconds)
    return new HttpError(503, 'github_rate_limited', `GitHub's rate limit for the App is used up: retry in ${wait} s`, { 'retry-after': wait })
  }
  if (error instanceof GitHubUnavailableError) {
    return new HttpError(503, 'github_unavailable', `GitHub is unavailable right now (${error.status ? `HTTP ${error.status}` : 'no answer'}): retry shortly`, { 'retry-after': '30' })
  }
  // A narrowing to a repository the installation lacks is GitHub's 422; an installation that is gone, its 404.
  if (error instanceof NotFoundError || error instanceof ValidationFailedError) return new HttpError(404, 'not_found', notFound)
  return new HttpError(502, 'github_unavailable', `GitHub answered unexpectedly (HTTP ${error.status}): try again shortly`)
}

async function asHttp<T>(notFound: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    throw toAppHttpError(error, notFound)
  }
}

const succeeded = (statusCode: number) => statusCode >= 200 && statusCode < 300

export function createAppGitHub({ appId, privateKey, slug, webUrl, apiUrl }: AppGitHubOptions): AppGitHub {
  // The platform waits on these answers: one quick retry, and a rate limit is answered at once
  // (503 with GitHub's Retry-After) rather than waited out here.
  const app = createGitHubApp({ appId, privateKey, baseUrl: apiUrl, retries: 1, retryBaseMs: 500, rateLimitRetries: 0, timeoutMs: 5_000 })
  return {
    slug,
    installUrl(repositoryId) {
      const url = new URL(`/apps/${slug}/installations/new`, webUrl)
      if (repositoryId !== undefined) url.searchParams.append('repository_ids[]', String(repositoryId))
      return url.toString()
    },
    repositoryToken(installationId, repositoryId, fullName) {
      return asHttp(`the GitHub App's installation no longer covers ${fullName} (uninstalled, or the repository was removed from it)`, () =>
        app.createToken(installationId, { repositoryIds: [repositoryId], permissions: { contents: 'read' } }),
      )
    },
    async redeliverFailed(repositoryId, since) {
      const deliveries = await asHttp('the App webhook has no deliveries', () => app.listHookDeliveries(since))
      const mine = deliveries.filter((delivery) => delivery.repositoryId === repositoryId)
      // One GUID may have several attempts; it needs redelivery only if none succeeded.
      const ok = new Set(mine.filter((d) => succeeded(d.statusCode)).map((d) => d.guid))
      const latest = new Map<string, AppDelivery>()
      for (const delivery of mine) if (!ok.has(delivery.guid) && !latest.has(delivery.guid)) latest.set(delivery.guid, delivery)
      const redelivered: AppDelivery[] = []
      const failed: Array<{ delivery: AppDelivery; error: string }> = []
      for (const delivery of latest.values()) {
        try {
          await app.redeliverHookDelivery(delivery.id)
          redelivered.push(delivery)
        } catch (error) {
          failed.push({ delivery, error: error instanceof Error ? error.message : String(error) })
        }
      }
      return { redelivered, failed }
    },
  }
}
