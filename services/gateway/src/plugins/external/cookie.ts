import fastifyCookie from '@fastify/cookie'
import fp from 'fastify-plugin'

/** Registered once, first: the session, CSRF and OAuth plugins all read cookies through it. */
export default fp(async (app) => {
  await app.register(fastifyCookie)
}, { name: 'cookie' })
