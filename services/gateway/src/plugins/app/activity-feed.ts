import fp from 'fastify-plugin'
import { type ActivityFeed, createActivityFeed } from '../../lib/events/activity-feed.ts'
import type { GatewayOptions } from '../../options.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** The worker's activity messages (new events, callback status), for the live stream. */
    activityFeed: ActivityFeed
  }
}

export default fp<GatewayOptions>(async (app, { config, redis }) => {
  const feed = createActivityFeed(redis, config.QUEUE_PREFIX, app.log)
  app.decorate('activityFeed', feed)
  app.addHook('onClose', async () => feed.close())
}, { name: 'activity-feed' })
