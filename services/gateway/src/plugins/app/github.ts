import { HttpError } from '@gwm/runtime'
import fp from 'fastify-plugin'
import { createGitHubClients, type GitHubClients } from '../../lib/github/user-github.ts'
import type { GatewayOptions } from '../../options.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** The signed-in user's GitHub calls: app.github.forToken(token). */
    github: GitHubClients
  }
}

export default fp<GatewayOptions>(async (app, { config }) => {
  app.decorate('github', createGitHubClients({ baseUrl: config.GITHUB_API_URL, writeIntervalMs: config.GITHUB_WRITE_INTERVAL_MS }))

  // A token GitHub no longer accepts is worth nothing: end the session with the 401.
  app.addHook('onError', async (req, _reply, error) => {
    if (error instanceof HttpError && error.code === 'github_token_invalid') req.session.delete()
  })
}, { name: 'github', dependencies: ['secure-session'] })
