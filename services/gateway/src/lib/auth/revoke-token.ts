import { createGitHubClient, type OAuthAppCredentials, revokeOAuthToken } from '@gwm/github'

/** Asks GitHub to revoke a signed-out user's token; throws when GitHub could not be asked. */
export type RevokeGitHubToken = (token: string) => Promise<void>

/**
 * One quick try within a few seconds: sign-out must not hang on GitHub. A revocation is no
 * content a person is notified of, so it is not spaced like other writes.
 */
export function githubTokenRevoker(apiUrl: string, app: OAuthAppCredentials): RevokeGitHubToken {
  const github = createGitHubClient({ baseUrl: apiUrl, timeoutMs: 5_000, retries: 0, rateLimitRetries: 0, writeIntervalMs: 0 })
  return async (token) => {
    await revokeOAuthToken(github, app, token)
  }
}
