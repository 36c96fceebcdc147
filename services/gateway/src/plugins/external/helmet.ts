import fastifyHelmet from '@fastify/helmet'
import fp from 'fastify-plugin'

/**
 * Security headers. The API answers JSON only, so its content security policy allows
 * nothing; the documentation pages set their own, wider policy.
 */
export default fp(async (app) => {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
    },
    crossOriginResourcePolicy: { policy: 'same-site' },
  })
}, { name: 'helmet' })
