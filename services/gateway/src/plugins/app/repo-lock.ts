import fp from 'fastify-plugin'
import { type RepoLock, repoLock } from '../../lib/webhooks/repo-lock.ts'
import type { GatewayOptions } from '../../options.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** Runs a change to one repository's webhook while holding its lock (409 when taken). */
    repoLock: RepoLock
  }
}

export default fp<GatewayOptions>(async (app, { config, redis }) => {
  app.decorate('repoLock', repoLock(redis, config.QUEUE_PREFIX))
}, { name: 'repo-lock' })
