import type { FastifyInstance, FastifyRequest } from 'fastify'
import { installationObject, suspend, uninstall, unsuspend } from '../apps/installations.ts'
import { mintInstallationToken } from '../apps/tokens.ts'
import type { SimContext } from '../context.ts'
import { GitHubError, notFound } from '../errors.ts'
import type { App, Installation } from '../model.ts'
import { installationTokenShape, integrationShape } from '../shapes/app.ts'
import { repository } from '../shapes/repo.ts'
import { Store } from '../store.ts'
import { paginate } from './paging.ts'

/** Routes that take the App's JWT (GitHub's `/app` endpoints and the installation look-ups). */
const JWT = { config: { jwt: true } }

/** The App a JWT authenticated (the guard has checked it). */
const appOf = (req: FastifyRequest): App => req.simApp!

/** The App's installation by id, or 404 (an installation of another App is not found either). */
function ownInstallation(ctx: SimContext, req: FastifyRequest): Installation {
  const { installation_id: id } = req.params as { installation_id: string }
  const installation = /^\d+$/.test(id) ? ctx.store.installations.get(Number(id)) : undefined
  if (!installation || installation.appId !== appOf(req).id) throw notFound()
  return installation
}

const suspended = () => new GitHubError(403, 'This installation has been suspended', { documentationUrl: 'https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app' })

/** GET /app, the App's installations, installation tokens, suspension and deletion through the API. */
export function appRoutes(app: FastifyInstance, ctx: SimContext): void {
  const installationsOf = (appId: number) => [...ctx.store.installations.values()].filter((installation) => installation.appId === appId).sort((a, b) => a.id - b.id)
  const show = (req: FastifyRequest, installation: Installation) => installationObject(ctx, installation, appOf(req))
  /** What the App does through the API is done by its owner (the sender of the webhooks it causes). */
  const owner = (req: FastifyRequest) => ctx.store.requireAccount(appOf(req).owner)

  app.get('/app', JWT, async (req) => {
    const self = appOf(req)
    return integrationShape(ctx.urls, self, ctx.store.requireAccount(self.owner), installationsOf(self.id).length)
  })

  app.get('/app/installations', JWT, async (req, reply) =>
    paginate(ctx, req, reply, installationsOf(appOf(req).id)).map((installation) => show(req, installation)))

  app.get('/app/installations/:installation_id', JWT, async (req) => show(req, ownInstallation(ctx, req)))

  app.delete('/app/installations/:installation_id', JWT, async (req, reply) => {
    await uninstall(ctx, { installation: ownInstallation(ctx, req).id }, owner(req))
    return reply.code(204).send()
  })

  app.put('/app/installations/:installation_id/suspended', JWT, async (req, reply) => {
    const installation = ownInstallation(ctx, req)
    if (installation.suspendedAt === null) await suspend(ctx, { installation: installation.id }, owner(req))
    return reply.code(204).send()
  })

  app.delete('/app/installations/:installation_id/suspended', JWT, async (req, reply) => {
    const installation = ownInstallation(ctx, req)
    if (installation.suspendedAt !== null) await unsuspend(ctx, { installation: installation.id }, owner(req))
    return reply.code(204).send()
  })

  app.post('/app/installations/:installation_id/access_tokens', JWT, async (req, reply) => {
    const installation = ownInstallation(ctx, req)
    if (installation.suspendedAt !== null) throw suspended()
    const minted = mintInstallationToken(ctx.store, installation, req.body)
    const repositories = minted.repositories?.map((repo) => repository(ctx.urls, repo, ctx.store.requireAccount(repo.owner), null)) ?? null
    return reply.code(201).send(installationTokenShape(minted.token, minted.selection, repositories))
  })

  app.get('/repos/:owner/:repo/installation', JWT, async (req) => {
    const { owner: login, repo: name } = req.params as { owner: string; repo: string }
    const repo = ctx.store.repo(login, name)
    const installation = repo ? ctx.store.installationOn(appOf(req).id, repo.owner) : undefined
    if (!repo || !installation || !Store.covers(installation, repo)) throw notFound()
    return show(req, installation)
  })

  for (const [path, param, type] of [['/orgs/:org/installation', 'org', 'Organization'], ['/users/:username/installation', 'username', 'User']] as const) {
    app.get(path, JWT, async (req) => {
      const login = (req.params as Record<string, string>)[param] ?? ''
      const installation = ctx.store.account(login)?.type === type ? ctx.store.installationOn(appOf(req).id, login) : undefined
      if (!installation) throw notFound()
      return show(req, installation)
    })
  }
}
