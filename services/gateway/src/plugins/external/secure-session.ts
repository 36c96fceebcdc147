import fastifySecureSession from '@fastify/secure-session'
import fp from 'fastify-plugin'
import { sessionCookieName, sessionCookieOptions } from '../../lib/auth/cookies.ts'
import type { GatewayOptions } from '../../options.ts'

/**
 * The encrypted session cookie: the only place a GitHub token is ever kept. Keys rotate as
 * SESSION_KEY=new,old (sealing uses the first, opening tries each).
 */
export default fp<GatewayOptions>(async (app, { config }) => {
  await app.register(fastifySecureSession, {
    key: [...config.SESSION_KEY],
    cookieName: sessionCookieName(config),
    expiry: config.SESSION_MAX_AGE_S,
    cookie: { ...sessionCookieOptions(config), maxAge: config.SESSION_MAX_AGE_S },
  })
}, { name: 'secure-session', dependencies: ['cookie'] })
