import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { SimControl } from './control.ts'
import { body, summary } from './http.ts'

const slugOf = (req: FastifyRequest) => (req.params as { slug: string }).slug
const installationOf = (req: FastifyRequest) => Number((req.params as { id: string }).id)

/** /_sim for GitHub Apps: credentials and settings, installations and what happens to them (see the README). */
export function appControlRoutes(app: FastifyInstance, control: SimControl): void {
  app.get('/apps', async () => control.apps())
  app.post('/apps', async (req, reply) => reply.code(201).send(control.addApp(body(req))))
  app.get('/apps/:slug', async (req) => control.app(slugOf(req)))
  app.patch('/apps/:slug', async (req) => control.editApp(slugOf(req), body(req)))
  app.get('/apps/:slug/installations', async (req) => control.installations({ app: slugOf(req) }))
  app.post('/apps/:slug/installations', async (req, reply) => {
    const result = await control.install({ ...body<object>(req), app: slugOf(req) } as never)
    return reply.code(result.action === 'created' ? 201 : 200).send({ ...result, deliveries: result.deliveries.map(summary) })
  })

  app.get('/installations', async () => control.installations())
  const deliveries = (result: { deliveries: Parameters<typeof summary>[0][] }) => ({ deliveries: result.deliveries.map(summary) })
  const input = (req: FastifyRequest) => ({ ...body<object>(req), installation: installationOf(req) }) as never
  app.post('/installations/:id/repositories', async (req) => deliveries(await control.addRepositories(input(req))))
  app.delete('/installations/:id/repositories', async (req) => deliveries(await control.removeRepositories(input(req))))
  app.put('/installations/:id/suspended', async (req) => deliveries(await control.suspend(input(req))))
  app.delete('/installations/:id/suspended', async (req) => deliveries(await control.unsuspend(input(req))))
  app.post('/installations/:id/accept-permissions', async (req) => deliveries(await control.acceptPermissions(input(req))))
  app.delete('/installations/:id', async (req) => deliveries(await control.uninstall(input(req))))
}
