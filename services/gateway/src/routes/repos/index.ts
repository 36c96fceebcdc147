import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import accessToken from './access-token.ts'
import commits from './commits.ts'
import deleteWebhook from './delete-webhook.ts'
import deployRules from './deploy-rules.ts'
import environments from './environments.ts'
import pingWebhook from './ping-webhook.ts'
import redeliverFailed from './redeliver-failed.ts'
import replayFailed from './replay-failed.ts'
import rotateSecret from './rotate-secret.ts'
import setupWebhook from './setup-webhook.ts'
import webhookStatus from './webhook-status.ts'

const repoRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(commits)
  await app.register(setupWebhook)
  await app.register(webhookStatus)
  await app.register(pingWebhook)
  await app.register(rotateSecret)
  await app.register(deleteWebhook)
  await app.register(redeliverFailed)
  await app.register(replayFailed)
  await app.register(accessToken)
  await app.register(deployRules)
  await app.register(environments)
}
export default repoRoutes
