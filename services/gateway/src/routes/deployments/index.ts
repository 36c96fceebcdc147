import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import replay from './replay.ts'
import reportStatus from './report-status.ts'
import show from './show.ts'

/** What the platform reports of the deployments it was asked for, and reading it back. */
const deploymentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(reportStatus)
  await app.register(show)
  await app.register(replay)
}
export default deploymentRoutes
