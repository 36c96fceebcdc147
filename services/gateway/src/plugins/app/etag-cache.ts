import fp from 'fastify-plugin'
import { type EtagCache, etagCache } from '../../lib/github/etag-cache.ts'
import type { GatewayOptions } from '../../options.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** GitHub's last answer and its ETag per user and URL, in Redis (a 304 costs no rate limit). */
    etagCache: EtagCache
  }
}

export default fp<GatewayOptions>(async (app, { config, redis }) => {
  app.decorate('etagCache', etagCache(redis, config.QUEUE_PREFIX))
}, { name: 'etag-cache' })
