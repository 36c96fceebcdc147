import fastifyCsrfProtection from '@fastify/csrf-protection'
import fp from 'fastify-plugin'

export const CSRF_HEADER = 'x-csrf-token'

/**
 * CSRF tokens for cookie sessions: the secret lives in the encrypted session, the token is
 * handed out by GET /auth/session and must come back in the x-csrf-token header on every
 * state-changing request (app.requireUser checks it).
 */
export default fp(async (app) => {
  await app.register(fastifyCsrfProtection, {
    sessionPlugin: '@fastify/secure-session',
    getToken: (req) => {
      const value = req.headers[CSRF_HEADER]
      return typeof value === 'string' ? value : undefined
    },
  })
}, { name: 'csrf', dependencies: ['secure-session'] })
