import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { SimContext } from '../context.ts'
import { notFound, validationFailed } from '../errors.ts'
import { isoSeconds } from '../git.ts'
import type { Hook, Repo } from '../model.ts'
import { hookShape } from '../shapes/hook.ts'
import { sendPing } from '../webhooks/events.ts'
import { actor, adminRepo } from './access.ts'
import { hookExists, parseActive, parseConfig, parseEvents, requireObject } from './hook-input.ts'
import { paginate } from './paging.ts'

export function findHook(repo: Repo, req: FastifyRequest): Hook {
  const { hook_id: id } = req.params as { hook_id: string }
  const hook = /^\d+$/.test(id) ? repo.hooks.get(Number(id)) : undefined
  if (!hook) throw notFound()
  return hook
}

const sameUrl = (repo: Repo, url: string, except?: number) =>
  [...repo.hooks.values()].some((hook) => hook.id !== except && hook.config.url === url)

/** Repository webhooks CRUD and pings, with GitHub's permission rules and 422s. */
export function hookRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get('/repos/:owner/:repo/hooks', async (req, reply) => {
    const { repo } = adminRepo(ctx, req, false)
    const hooks = [...repo.hooks.values()].sort((a, b) => a.id - b.id)
    return paginate(ctx, req, reply, hooks).map((hook) => hookShape(ctx.urls, repo, hook))
  })

  app.post('/repos/:owner/:repo/hooks', async (req, reply) => {
    const { repo } = adminRepo(ctx, req, true)
    const user = actor(ctx, req)
    const body = requireObject(req.body ?? {})
    if (body.name !== undefined && body.name !== 'web') {
      throw validationFailed([{ resource: 'Hook', code: 'custom', field: 'name', message: `Name "${String(body.name)}" is not a valid hook name, use "web"` }])
    }
    const config = parseConfig(body.config)
    const events = body.events === undefined ? ['push'] : parseEvents(body.events)
    const active = body.active === undefined ? true : parseActive(body.active)
    if (sameUrl(repo, config.url)) throw hookExists()
    const now = isoSeconds(new Date())
    const hook: Hook = {
      id: ctx.store.nextId('hook'), repoId: repo.id, name: 'web', active, events, config,
      createdAt: now, updatedAt: now, lastResponse: { code: null, status: 'unused', message: null },
    }
    repo.hooks.set(hook.id, hook)
    const shape = hookShape(ctx.urls, repo, hook)
    if (hook.active) void sendPing(ctx, repo, hook, user)
    reply.header('location', shape.url as string)
    return reply.code(201).send(shape)
  })

  app.get('/repos/:owner/:repo/hooks/:hook_id', async (req) => {
    const { repo } = adminRepo(ctx, req, false)
    return hookShape(ctx.urls, repo, findHook(repo, req))
  })

  app.patch('/repos/:owner/:repo/hooks/:hook_id', async (req) => {
    const { repo } = adminRepo(ctx, req, true)
    const hook = findHook(repo, req)
    const body = requireObject(req.body ?? {})
    // Validate everything first: a rejected update changes nothing.
    const config = body.config === undefined ? undefined : parseConfig(body.config)
    let events = body.events === undefined ? [...hook.events] : parseEvents(body.events)
    if (body.add_events !== undefined) events = [...new Set([...events, ...parseEvents(body.add_events, 'add_events')])]
    if (body.remove_events !== undefined) {
      const removed = new Set(parseEvents(body.remove_events, 'remove_events'))
      events = events.filter((event) => !removed.has(event))
    }
    const active = body.active === undefined ? hook.active : parseActive(body.active)
    if (config && sameUrl(repo, config.url, hook.id)) throw hookExists()
    // GitHub replaces the whole config: an update without `secret` removes the secret.
    if (config) hook.config = config
    hook.events = events
    hook.active = active
    hook.updatedAt = isoSeconds(new Date())
    return hookShape(ctx.urls, repo, hook)
  })

  app.delete('/repos/:owner/:repo/hooks/:hook_id', async (req, reply: FastifyReply) => {
    const { repo } = adminRepo(ctx, req, true)
    const hook = findHook(repo, req)
    repo.hooks.delete(hook.id)
    return reply.code(204).send()
  })

  app.post('/repos/:owner/:repo/hooks/:hook_id/pings', async (req, reply) => {
    const { repo } = adminRepo(ctx, req, false)
    const user = actor(ctx, req)
    void sendPing(ctx, repo, findHook(repo, req), user)
    return reply.code(204).send()
  })
}
