import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import deadLetterReplay from './dead-letter-replay.ts'
import deadLetters from './dead-letters.ts'
import list from './list.ts'
import replay from './replay.ts'
import show from './show.ts'
import stream from './stream.ts'

/** The events read API: list, detail, replay and the live stream; the dead letters and their replay. */
const eventRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(list)
  await app.register(stream)
  await app.register(show)
  await app.register(replay)
  await app.register(deadLetters)
  await app.register(deadLetterReplay)
}
export default eventRoutes
