import formbody from '@fastify/formbody'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { installGuard } from './api/guard.ts'
import { deliveryRoutes } from './api/deliveries.ts'
import { hookRoutes } from './api/hooks.ts'
import { repoRoutes } from './api/repos.ts'
import { userRoutes } from './api/user.ts'
import type { SimContext } from './context.ts'
import type { SimControl } from './control/control.ts'
import { controlRoutes } from './control/routes.ts'
import { installErrorHandler } from './errors.ts'
import { accessTokenRoute } from './oauth/access-token.ts'
import { authorizeRoute } from './oauth/authorize.ts'

export const API_PREFIX = '/api/v3'

/** A route the simulator serves, e.g. { method: 'GET', url: '/api/v3/repos/:owner/:repo' }. */
export interface SimRoute {
  method: string
  url: string
}

/** The simulator's HTTP surface: OAuth at the root, REST under /api/v3 (GHES style), control under /_sim. */
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
  })

  await app.register(async (api) => {
    installGuard(api, ctx)
    userRoutes(api, ctx)
    repoRoutes(api, ctx)
    hookRoutes(api, ctx)
    deliveryRoutes(api, ctx)
  }, { prefix: API_PREFIX })

  await app.register(controlRoutes, { prefix: '/_sim', control })

  app.get('/', async (_req, reply) =>
    reply.type('text/plain; charset=utf-8').send(`GitHub simulator. REST API: ${ctx.urls.api}  OAuth: ${ctx.urls.web}/login/oauth/authorize  Control: ${ctx.urls.web}/_sim\n`))
  return { app, routes }
}
