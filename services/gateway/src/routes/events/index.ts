import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { createQueue, QUEUES } from '@gwm/queue'
import type { GatewayOptions } from '../../app.ts'
import { createAccess } from './access.ts'
import { createActivityFeed } from './activity-feed.ts'
import list from './list.ts'
import replay from './replay.ts'
import show from './show.ts'
import stream from './stream.ts'

/** The events read API: list, detail, replay and the live stream. */
const eventRoutes: FastifyPluginAsyncTypebox<GatewayOptions> = async (app, { config, redis }) => {
  const access = createAccess(app)
  const callbacks = createQueue(QUEUES.callbacks, redis, config.QUEUE_PREFIX)
  const feed = createActivityFeed(redis, config.QUEUE_PREFIX, app.log)
  app.addHook('onClose', async () => {
    feed.close()
    await callbacks.close()
  })
  await app.register(list(access))
  await app.register(stream(access, feed))
  await app.register(show(access))
  await app.register(replay(access, callbacks))
}
export default eventRoutes
