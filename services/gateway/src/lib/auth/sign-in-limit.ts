import type { GatewayConfig } from '@gwm/config'
import type { FastifyRequest } from 'fastify'

/**
 * The rate limit of a sign-in route (/auth/login, /auth/callback): AUTH_RATE_LIMIT_MAX a minute
 * per client address, signed in or not, in place of the general per-user limit. Each route
 * counts apart, so a whole sign-in costs one request of each budget.
 */
export const signInRateLimit = (config: GatewayConfig) => ({
  max: config.AUTH_RATE_LIMIT_MAX,
  timeWindow: 60_000,
  keyGenerator: (req: FastifyRequest) => `ip:${req.ip}`,
})
