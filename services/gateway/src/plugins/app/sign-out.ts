import fp from 'fastify-plugin'
import { githubTokenRevoker, type RevokeGitHubToken } from '../../lib/auth/revoke-token.ts'
import { type SignedOutSessions, signedOutSessions } from '../../lib/auth/signed-out.ts'
import type { GatewayOptions } from '../../options.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** Sessions signed out before their expiry (Redis, every replica): app.requireUser refuses them. */
    signedOutSessions: SignedOutSessions
    /** Revokes a user's GitHub token with the OAuth app's own credentials (CLIENT_ID, CLIENT_SECRET). */
    revokeGitHubToken: RevokeGitHubToken
  }
}

export default fp<GatewayOptions>(async (app, { config, redis }) => {
  app.decorate('signedOutSessions', signedOutSessions(redis, config.QUEUE_PREFIX))
  app.decorate('revokeGitHubToken', githubTokenRevoker(config.GITHUB_API_URL, { clientId: config.CLIENT_ID, clientSecret: config.CLIENT_SECRET }))
}, { name: 'sign-out' })
