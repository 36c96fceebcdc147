import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { signedIn } from '../../lib/auth/principal.ts'
import { SECURITY } from '../../lib/auth/security.ts'
import { drift } from '../../lib/webhooks/our-hook.ts'
import { summarize } from '../../lib/webhooks/summary.ts'
import { adminRepo, existingWebhook, webhookContext } from '../../lib/webhooks/target.ts'
import { errors } from '../schemas.ts'
import { RepoParams } from './schemas.ts'
import { StatusBody } from './webhook-schemas.ts'

const RECENT_DELIVERIES = 10

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/repos/:owner/:repo/webhook', {
    preHandler: [app.requireUser, app.requireRepositoryHooks],
    schema: {
      operationId: 'getWebhook',
      tags: ['repos'],
      summary: 'The state of our webhook on a repository',
      description: 'Whether it exists and is verified, how it differs from our configuration, and its last deliveries as GitHub reports them.',
      security: SECURITY.user,
      params: RepoParams,
      response: { 200: StatusBody, ...errors(400, 401, 403, 404, 409, 429, 502, 503) },
    },
  }, async (req) => {
    const ctx = webhookContext(app, req, signedIn(req))
    const repo = await adminRepo(ctx)
    const { row, hook } = await existingWebhook(ctx, repo)
    const deliveries = hook ? (await ctx.gh.deliveries(ctx.owner, ctx.repo, hook.id, { maxPages: 1 })).slice(0, RECENT_DELIVERIES) : []
    const summary = summarize(row)
    const until = row?.previousSecretExpiresAt
    return {
      repository: repo.fullName,
      ...summary,
      hookId: hook?.id ?? summary.hookId,
      status: !hook ? 'none' as const : !row ? 'pending' as const : hook.active ? summary.status : 'inactive' as const,
      onGitHub: Boolean(hook),
      url: hook?.url ?? null,
      events: hook?.events ?? [],
      drift: hook ? drift(hook, app.config.WEBHOOK_URL) : [],
      lastResponse: hook?.lastResponse ?? null,
      previousSecretValidUntil: until && until > new Date() ? until.toISOString() : null,
      deliveries: deliveries.map((delivery) => ({
        id: delivery.id,
        guid: delivery.guid,
        deliveredAt: delivery.deliveredAt,
        event: delivery.event,
        action: delivery.action,
        status: delivery.status,
        statusCode: delivery.statusCode,
        redelivery: delivery.redelivery,
        durationS: delivery.duration,
      })),
    }
  })
}
export default route
