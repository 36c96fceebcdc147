import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import list from './list.ts'
import replay from './replay.ts'
import show from './show.ts'
import stream from './stream.ts'

/** The events read API: list, detail, replay and the live stream. */
const eventRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(list)
  await app.register(stream)
  await app.register(show)
  await app.register(replay)
}
export default eventRoutes
