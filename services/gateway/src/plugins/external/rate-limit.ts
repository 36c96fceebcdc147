import fastifyRateLimit from '@fastify/rate-limit'
import { HttpError } from '@gwm/runtime'
import fp from 'fastify-plugin'
import type { GatewayOptions } from '../../options.ts'

/** Probes and scrapes are never limited: they come often and from one address. */
const UNLIMITED = new Set(['/healthz', '/readyz', '/metrics'])

/**
 * Per signed-in user (or per client address when anonymous), counted in Redis so every
 * replica shares one budget. Redis away: requests pass rather than fail.
 */
export default fp<GatewayOptions>(async (app, { config, redis }) => {
  await app.register(fastifyRateLimit, {
    global: true,
    max: config.RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    redis,
    nameSpace: `${config.QUEUE_PREFIX}:rate-limit:`,
    skipOnError: true,
    allowList: (req) => UNLIMITED.has(req.url.split('?')[0] ?? ''),
    keyGenerator: (req) => {
      const user = req.session?.get('user')
      return user ? `user:${user.id}` : `ip:${req.ip}`
    },
    errorResponseBuilder: (_req, context) =>
      new HttpError(429, 'rate_limited', `too many requests: at most ${context.max} a minute, retry in ${context.after}`),
  })
}, { name: 'rate-limit', dependencies: ['secure-session'] })
