import type { FastifyInstance, FastifyRequest } from 'fastify'
import { appControlRoutes } from './app-routes.ts'
import { checkControlRoutes } from './check-routes.ts'
import type { SimControl } from './control.ts'
import { deploymentControlRoutes } from './deployment-routes.ts'
import { body, repoOf, summary } from './http.ts'

const numberOf = (req: FastifyRequest) => Number((req.params as { number: string }).number)

/** The /_sim control API: the same operations as `sim.control`, over HTTP (see the README). */
export async function controlRoutes(app: FastifyInstance, { control }: { control: SimControl }): Promise<void> {
  app.setErrorHandler((error: Error & { statusCode?: number }, _req, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : error.name === 'SimInputError' || error.message.startsWith('github-sim:') ? 422 : 500
    return reply.code(status).send({ message: error.message.replace(/^github-sim: /, '') })
  })

  app.post('/reset', async (req, reply) => {
    await control.reset(req.body === undefined || req.body === null || (typeof req.body === 'object' && Object.keys(req.body).length === 0) ? undefined : req.body)
    return reply.code(204).send()
  })
  app.get('/stats', async () => control.stats())
  app.post('/idle', async (_req, reply) => {
    await control.idle()
    return reply.code(204).send()
  })

  app.post('/users', async (req, reply) => reply.code(201).send(control.addUser(body(req))))
  app.post('/users/:login/tokens', async (req, reply) => {
    const { scopes } = body(req) as { scopes?: string[] }
    return reply.code(201).send({ token: control.addToken((req.params as { login: string }).login, scopes) })
  })
  app.post('/orgs', async (req, reply) => reply.code(201).send(control.addOrg(body(req))))
  app.put('/orgs/:org/members/:login', async (req, reply) => {
    const { org, login } = req.params as { org: string; login: string }
    control.setMembership(org, login, (body(req).role ?? null) as never)
    return reply.code(204).send()
  })
  app.post('/oauth-apps', async (req, reply) => {
    control.addOAuthApp(body(req))
    return reply.code(204).send()
  })
  app.put('/oauth/authorize-as', async (req, reply) => {
    control.authorizeAs(String(body(req).login))
    return reply.code(204).send()
  })
  app.put('/oauth/decision', async (req, reply) => {
    control.setAuthorizeDecision(body(req).decision as never)
    return reply.code(204).send()
  })

  app.post('/repos', async (req, reply) => reply.code(201).send(control.addRepo(body(req))))
  app.put('/repos/:owner/:repo/permissions/:login', async (req, reply) => {
    control.setPermission(repoOf(req), (req.params as { login: string }).login, (body(req).permission ?? null) as never)
    return reply.code(204).send()
  })
  app.put('/repos/:owner/:repo/visibility', async (req, reply) => {
    control.setVisibility(repoOf(req), body(req).visibility as never)
    return reply.code(204).send()
  })

  app.post('/repos/:owner/:repo/push', async (req) => {
    const result = await control.push({ ...body<object>(req), repo: repoOf(req) } as never)
    return { ...result, deliveries: result.deliveries.map(summary) }
  })
  app.post('/repos/:owner/:repo/create', async (req) => {
    const result = await control.createRef({ ...body<object>(req), repo: repoOf(req) } as never)
    return { ...result, deliveries: result.deliveries.map(summary) }
  })
  app.post('/repos/:owner/:repo/delete', async (req) => {
    const result = await control.deleteRef({ ...body<object>(req), repo: repoOf(req) } as never)
    return { deliveries: result.deliveries.map(summary) }
  })
  app.post('/repos/:owner/:repo/pull_request', async (req) => {
    const result = await control.pullRequest({ ...body<object>(req), repo: repoOf(req) } as never)
    return { ...result, deliveries: result.deliveries.map(summary) }
  })
  app.post('/repos/:owner/:repo/release', async (req) => {
    const result = await control.release({ ...body<object>(req), repo: repoOf(req) } as never)
    return { ...result, deliveries: result.deliveries.map(summary) }
  })

  app.post('/repos/:owner/:repo/pulls/:number/labels', async (req) => {
    const result = await control.addLabel({ ...body<object>(req), repo: repoOf(req), number: numberOf(req) } as never)
    return { ...result, deliveries: result.deliveries.map(summary) }
  })
  app.delete('/repos/:owner/:repo/pulls/:number/labels/:label', async (req) => {
    const result = await control.removeLabel({ ...body<object>(req), repo: repoOf(req), number: numberOf(req), label: (req.params as { label: string }).label } as never)
    return { ...result, deliveries: result.deliveries.map(summary) }
  })
  app.post('/repos/:owner/:repo/forks', async (req, reply) => {
    const result = await control.fork({ ...body<object>(req), repo: repoOf(req) } as never)
    return reply.code(201).send({ ...result, deliveries: result.deliveries.map(summary) })
  })
  checkControlRoutes(app, control)
  deploymentControlRoutes(app, control)

  app.get('/repos/:owner/:repo/hooks', async (req) => control.hooks(repoOf(req)))
  app.patch('/repos/:owner/:repo/hooks/:id', async (req) => control.editHook(repoOf(req), Number((req.params as { id: string }).id), body(req)))
  app.delete('/repos/:owner/:repo/hooks/:id', async (req, reply) => {
    control.deleteHook(repoOf(req), Number((req.params as { id: string }).id))
    return reply.code(204).send()
  })

  app.get('/deliveries', async (req) => {
    const query = req.query as { repo?: string; app?: string; installation_id?: string; hook_id?: string; event?: string; guid?: string }
    return control.deliveries({
      ...(query.repo ? { repo: query.repo } : {}),
      ...(query.app ? { app: query.app } : {}),
      ...(query.installation_id ? { installationId: Number(query.installation_id) } : {}),
      ...(query.hook_id ? { hookId: Number(query.hook_id) } : {}),
      ...(query.event ? { event: query.event } : {}),
      ...(query.guid ? { guid: query.guid } : {}),
    })
  })

  appControlRoutes(app, control)

  app.put('/rate-limit', async (req, reply) => {
    control.setRateLimit(body(req))
    return reply.code(204).send()
  })
  app.delete('/rate-limit', async (_req, reply) => {
    control.setRateLimit(null)
    return reply.code(204).send()
  })
  app.put('/outage', async (req, reply) => {
    control.setOutage(body(req))
    return reply.code(204).send()
  })
  app.delete('/outage', async (_req, reply) => {
    control.setOutage(null)
    return reply.code(204).send()
  })
}
