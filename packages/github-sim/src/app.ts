import formbody from '@fastify/formbody'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { appRoutes } from './api/app.ts'
import { appHookRoutes } from './api/app-hook.ts'
import { checkRoutes } from './api/checks.ts'
import { compareRoutes } from './api/compare.ts'
import { contentsRoutes } from './api/contents.ts'
import { deliveryRoutes } from './api/deliveries.ts'
import { deploymentRoutes } from './api/deployments.ts'
import { installGuard } from './api/guard.ts'
import { hookRoutes } from './api/hooks.ts'
import { installationRoutes } from './api/installations.ts'
import { issueRoutes } from './api/issues.ts'
import { oauthTokenRoutes } from './api/oauth-tokens.ts'
import { repoRoutes } from './api/repos.ts'
import { userRoutes } from './api/user.ts'
import type { SimContext } from './context.ts'
import type { SimControl } from './control/control.ts'
import { controlRoutes } from './control/routes.ts'
import { installErrorHandler } from './errors.ts'
import { accessTokenRoute } from './oauth/access-token.ts'
import { authorizeRoute } from './oauth/authorize.ts'
import { downloadRoutes } from './web/downloads.ts'
import { installPageRoutes } from './web/install-page.ts'

export const API_PREFIX = '/api/v3'

/** A route the simulator serves, e.g. { method: 'GET', url: '/api/v3/repos/:owner/:repo' }. */
export interface SimRoute {
  method: string
  url: string
}

/**
 * The simulator's HTTP surface: OAuth and the App install page at the root, REST under /api/v3
 * (GHES style), downloads under /_codeload and /_raw, control under /_sim.
 */
export async function buildSimApp(ctx: SimContext, control: SimControl, options: FastifyServerOptions = {}): Promise<{ app: FastifyInstance; routes: SimRoute[] }> {
  const app = Fastify({ logger: false, bodyLimit: 25 * 1024 * 1024, ...options })
  const routes: SimRoute[] = []
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url })
  })
  installErrorHandler(app)

  await app.register(async (oauth) => {
    await oauth.register(formbody)
    authorizeRoute(oauth, ctx)
    accessTokenRoute(oauth, ctx)
    installPageRoutes(oauth, ctx)
  })

  await app.register(async (api) => {
    installGuard(api, ctx)
    userRoutes(api, ctx)
    repoRoutes(api, ctx)
    hookRoutes(api, ctx)
    deliveryRoutes(api, ctx)
    contentsRoutes(api, ctx)
    compareRoutes(api, ctx)
    checkRoutes(api, ctx)
    deploymentRoutes(api, ctx)
    issueRoutes(api, ctx)
    appRoutes(api, ctx)
    appHookRoutes(api, ctx)
    installationRoutes(api, ctx)
    oauthTokenRoutes(api, ctx)
  }, { prefix: API_PREFIX })

  downloadRoutes(app, ctx)

  await app.register(controlRoutes, { prefix: '/_sim', control })

  app.get('/', async (_req, reply) =>
    reply.type('text/plain; charset=utf-8').send(`GitHub simulator. REST API: ${ctx.urls.api}  OAuth: ${ctx.urls.web}/login/oauth/authorize  Apps: ${ctx.urls.web}/apps/{slug}/installations/new  Control: ${ctx.urls.web}/_sim\n`))
  return { app, routes }
}
