import type { GitHubClient } from './client.ts'
import { NotFoundError } from './errors.ts'
import { mapped } from './map-error.ts'

export interface OAuthAppCredentials {
  clientId: string
  clientSecret: string
}

/**
 * Revokes a user's OAuth token (DELETE /applications/{client_id}/token, Basic auth with the app's
 * client id and secret). False when GitHub no longer knew the token (revoked or expired already).
 */
export async function revokeOAuthToken(github: GitHubClient, { clientId, clientSecret }: OAuthAppCredentials, token: string): Promise<boolean> {
  const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64')
  try {
    await mapped(() => github.request('DELETE /applications/{client_id}/token', { client_id: clientId, access_token: token, headers: { authorization: `basic ${basic}` } }))
    return true
  } catch (error) {
    if (error instanceof NotFoundError) return false
    throw error
  }
}
