import fastifySwagger from '@fastify/swagger'
import { CALLBACK_BODIES } from '@gwm/domain'
import fp from 'fastify-plugin'
import { sessionCookieName } from '../../lib/auth/cookies.ts'
import { ingestPaths, ingestTag } from '../../lib/docs/ingest-webhook.ts'
import type { GatewayOptions } from '../../options.ts'

/** The probes come from a shared plugin without schemas: describe them here. */
const OPS: Record<string, { operationId: string; summary: string; description: string }> = {
  '/healthz': { operationId: 'getHealth', summary: 'Liveness', description: 'Answers 200 while the process runs.' },
  '/readyz': { operationId: 'getReadiness', summary: 'Readiness', description: '200 when Postgres and Redis answer, else 503 naming the one that is down.' },
  '/metrics': { operationId: 'getMetrics', summary: 'Prometheus metrics', description: 'Text exposition format.' },
}

/** What the worker POSTs to DEPLOY_PLATFORM_URL: OpenAPI 3.1's webhooks, one per callback type. */
const webhooks = Object.fromEntries(Object.entries(CALLBACK_BODIES).map(([type, schema]) => [type, {
  post: {
    summary: `${type} (sent to the deployment platform)`,
    description: `${(schema as { description?: string }).description ?? ''} Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature); see the platform contract.`,
    requestBody: { required: true, content: { 'application/json': { schema: JSON.parse(JSON.stringify(schema)) } } },
    responses: { '200': { description: 'Any 2xx: delivered. 408, 429, 5xx or no answer: retried (Retry-After honoured). Any other answer: failed for good.' } },
  },
}]))

/** The OpenAPI document, built from every route's TypeBox schema (served at /openapi.json). */
export default fp<GatewayOptions>(async (app, { config }) => {
  await app.register(fastifySwagger, {
    transform: ({ schema, url }) => {
      const ops = OPS[url]
      return { schema: ops ? { ...schema, ...ops, tags: ['ops'] } : schema, url }
    },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'GitHub Webhook Manager — gateway',
        version: '1.0.0',
        description:
          'GitHub sign-in, repositories, one-click webhook set-up and the events read API. ' +
          'Browsers authenticate with the session cookie set by /auth/callback and send the CSRF ' +
          'token from GET /auth/session in the x-csrf-token header on state-changing requests; ' +
          'the deployment platform authenticates with `Authorization: Bearer PLATFORM_API_TOKEN`. ' +
          'Every error is JSON `{error, message}`.',
      },
      servers: [{ url: new URL(config.REDIRECT_URI).origin }],
      tags: [
        { name: 'auth', description: 'GitHub sign-in and the session' },
        { name: 'user', description: 'The signed-in user and their repositories' },
        { name: 'repos', description: 'Commits and the webhook of one repository' },
        { name: 'events', description: 'GitHub events received and what the platform was told' },
        { name: 'deployments', description: 'What the platform reports of each deployment, and each environment\'s state' },
        { name: 'ops', description: 'Health, readiness and metrics' },
        ingestTag,
      ],
      // The ingest's POST /api/webhook, with the ingest as its server: one document for the whole API.
      paths: ingestPaths(config.WEBHOOK_URL),
      webhooks,
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: sessionCookieName(config), description: 'Set by GET /auth/callback.' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token', description: 'From GET /auth/session; required with the session on POST and DELETE.' },
          platform: { type: 'http', scheme: 'bearer', description: 'PLATFORM_API_TOKEN, for the deployment platform.' },
        },
      },
    },
  })
}, { name: 'swagger' })
