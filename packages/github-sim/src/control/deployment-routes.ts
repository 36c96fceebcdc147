import type { FastifyInstance } from 'fastify'
import type { SimControl } from './control.ts'
import { repoOf } from './http.ts'

/** /_sim read-back of what was written through the Deployments and issue comments APIs (see the README). */
export function deploymentControlRoutes(app: FastifyInstance, control: SimControl): void {
  app.get('/repos/:owner/:repo/deployments', async (req) => {
    const { environment, sha } = req.query as { environment?: string; sha?: string }
    return control.deployments(repoOf(req), { ...(environment === undefined ? {} : { environment }), ...(sha === undefined ? {} : { sha }) })
  })
  app.get('/repos/:owner/:repo/issues/:number/comments', async (req) =>
    control.issueComments(repoOf(req), Number((req.params as { number: string }).number)))
}
