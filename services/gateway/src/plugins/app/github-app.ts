import { HttpError } from '@gwm/runtime'
import fp from 'fastify-plugin'
import { type AppGitHub, createAppGitHub } from '../../lib/github/app-github.ts'
import type { GatewayOptions } from '../../options.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** GitHub App mode: the App's own calls (installation tokens, its webhook's deliveries); null in OAuth App mode. */
    githubApp: AppGitHub | null
    /** preHandler of the routes that manage a repository's own hook: a 409 in GitHub App mode, which has none. */
    requireRepositoryHooks: () => Promise<void>
  }
}

export default fp<GatewayOptions>(async (app, { config }) => {
  const { GITHUB_APP_ID: appId, GITHUB_APP_PRIVATE_KEY: privateKey, GITHUB_APP_SLUG: slug } = config
  app.decorate('githubApp', appId !== undefined && privateKey && slug
    ? createAppGitHub({ appId, privateKey, slug, webUrl: config.GITHUB_URL, apiUrl: config.GITHUB_API_URL })
    : null)
  app.decorate('requireRepositoryHooks', async () => {
    if (app.githubApp) {
      throw new HttpError(409, 'github_app_mode', 'in GitHub App mode the App\'s own webhook serves every repository it is installed on: there is no repository hook to manage; manage the App\'s installations on GitHub')
    }
  })
}, { name: 'github-app' })
