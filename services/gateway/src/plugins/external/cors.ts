import fastifyCors from '@fastify/cors'
import fp from 'fastify-plugin'
import type { GatewayOptions } from '../../options.ts'
import { CSRF_HEADER } from './csrf.ts'

/** Only the frontend may call from a browser, with its session cookie. */
export default fp<GatewayOptions>(async (app, { config }) => {
  await app.register(fastifyCors, {
    // A list, so another origin gets no Access-Control-Allow-Origin at all.
    origin: [new URL(config.FRONTEND_URL).origin],
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'DELETE'],
    allowedHeaders: ['content-type', 'authorization', 'if-none-match', CSRF_HEADER],
    exposedHeaders: ['etag', 'link', 'retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'],
    maxAge: 600,
  })
}, { name: 'cors' })
