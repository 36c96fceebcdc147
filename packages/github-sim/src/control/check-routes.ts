import type { FastifyInstance } from 'fastify'
import type { SimControl } from './control.ts'
import { body, repoOf, summary } from './http.ts'

/** /_sim for checks: start a check suite, complete a suite or a run, list a repository's suites (see the README). */
export function checkControlRoutes(app: FastifyInstance, control: SimControl): void {
  app.get('/repos/:owner/:repo/check-suites', async (req) => {
    const { sha } = req.query as { sha?: string }
    return control.checkSuites(repoOf(req), sha === undefined ? {} : { sha })
  })
  app.post('/repos/:owner/:repo/check-suites', async (req, reply) => {
    const result = await control.startCheckSuite({ ...body<object>(req), repo: repoOf(req) } as never)
    return reply.code(201).send({ ...result, deliveries: result.deliveries.map(summary) })
  })
  app.post('/repos/:owner/:repo/check-suites/complete', async (req) => {
    const result = await control.completeCheckSuite({ ...body<object>(req), repo: repoOf(req) } as never)
    return { ...result, deliveries: result.deliveries.map(summary) }
  })
  app.post('/repos/:owner/:repo/check-runs/complete', async (req) => {
    const result = await control.completeCheckRun({ ...body<object>(req), repo: repoOf(req) } as never)
    return { ...result, deliveries: result.deliveries.map(summary) }
  })
}
