import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import history from './deploy-rules-history.ts'
import read from './deploy-rules-read.ts'
import write from './deploy-rules-write.ts'

/** GET and PUT /api/repos/{owner}/{repo}/deploy-rules, and GET …/deploy-rules/history. */
const deployRules: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(read)
  await app.register(write)
  await app.register(history)
}
export default deployRules
