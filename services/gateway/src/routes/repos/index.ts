import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { GatewayOptions } from '../../app.ts'
import commits from './commits.ts'
import deleteWebhook from './delete-webhook.ts'
import pingWebhook from './ping-webhook.ts'
import redeliverFailed from './redeliver-failed.ts'
import rotateSecret from './rotate-secret.ts'
import setupWebhook from './setup-webhook.ts'
import webhookStatus from './webhook-status.ts'

const repoRoutes: FastifyPluginAsyncTypebox<GatewayOptions> = async (app, options) => {
  await app.register(commits, options)
  await app.register(setupWebhook, options)
  await app.register(webhookStatus)
  await app.register(pingWebhook)
  await app.register(rotateSecret, options)
  await app.register(deleteWebhook, options)
  await app.register(redeliverFailed)
}
export default repoRoutes
