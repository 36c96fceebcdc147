/**
 * POST /api/webhook, as the OpenAPI document describes it. The ingest serves it, not the gateway
 * (behind one host, the ingress routes it there: deploy/k8s/ingress.yaml), so the operation names
 * the ingest's URL as its server: one document describes every endpoint of the API. What it says
 * follows the ingest (services/ingest/src/routes/webhook.ts, the "Answers" table of its README).
 */
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger'

/** The document's `paths`, as @fastify/swagger types them. */
type Paths = NonNullable<NonNullable<FastifyDynamicSwaggerOptions['openapi']>['paths']>

/** The ingest's base URL: WEBHOOK_URL, where GitHub posts, less the route's own path. */
export function ingestBaseUrl(webhookUrl: string): string {
  const url = new URL(webhookUrl)
  const path = url.pathname.replace(/\/(api\/webhook|webhooks\/github)\/?$/, '').replace(/\/$/, '')
  return `${url.origin}${path}`
}

const errorBody = (codes: string[], description: string) => ({
  description,
  content: {
    'application/json': {
      schema: {
        type: 'object' as const,
        required: ['error', 'message'],
        properties: {
          error: codes.length ? { type: 'string' as const, enum: codes } : { type: 'string' as const },
          message: { type: 'string' as const, description: 'What went wrong and what to do about it' },
        },
      },
    },
  },
})

const retryAfter = { 'Retry-After': { description: 'Seconds to wait before redelivering', schema: { type: 'integer' as const } } }

const header = (name: string, required: boolean, description: string, schema: { type: 'string'; pattern?: string } = { type: 'string' }) =>
  ({ name, in: 'header' as const, required, description, schema })

const operation = {
  summary: 'Receive a GitHub webhook delivery',
  description:
    'Where GitHub delivers (WEBHOOK_URL; `/webhooks/github` is the same route). Served by the ingest: the ' +
    'signature is checked over the body exactly as received, with the secret of the hook named by ' +
    '`X-GitHub-Hook-ID` (set up by `setup-webhook`), or GITHUB_APP_WEBHOOK_SECRET for a GitHub App, or ' +
    'WEBHOOK_SECRET for the repositories WEBHOOK_SECRET_REPOSITORY_IDS lists. A verified delivery is made ' +
    'durable in Redis before the answer; the worker stores it and tells the deployment platform. The same ' +
    'delivery again (same hook and GUID, or same hook and body) is answered 202 and not stored twice.',
  tags: ['ingest'],
  operationId: 'receiveWebhook',
  parameters: [
    header('X-GitHub-Event', true, 'The event name (push, pull_request, ping, ...); the payload must fit it'),
    header('X-GitHub-Delivery', true, 'The delivery GUID: the delivery\'s id from here on'),
    header('X-Hub-Signature-256', true, '`sha256=` and the HMAC-SHA256 of the body in hex; the sha1 `X-Hub-Signature` alone is refused'),
    header('X-GitHub-Hook-ID', false, 'The hook\'s numeric id: selects its secret', { type: 'string', pattern: '^[0-9]{1,20}$' }),
    header('X-GitHub-Hook-Installation-Target-Type', false, '`repository`, `organization`, or `integration` for a GitHub App\'s webhook'),
    header('X-GitHub-Hook-Installation-Target-ID', false, 'The id of that target'),
  ],
  requestBody: {
    required: true,
    description: 'The payload exactly as GitHub sent it, at most 25 MB, uncompressed.',
    content: {
      'application/json': { schema: { type: 'object' as const, description: 'The event\'s payload (GitHub\'s webhook events documentation)' } },
      'application/x-www-form-urlencoded': {
        schema: { type: 'object' as const, required: ['payload'], properties: { payload: { type: 'string' as const, description: 'The payload as JSON' } } },
      },
    },
  },
  responses: {
    '202': {
      description: 'Stored, or stored already (a duplicate is not stored again).',
      content: {
        'application/json': {
          schema: { type: 'object' as const, required: ['deliveryId'], properties: { deliveryId: { type: 'string' as const, description: 'X-GitHub-Delivery' } } },
        },
      },
    },
    '400': errorBody(['bad_request'], 'X-GitHub-Event or X-GitHub-Delivery missing or malformed, X-GitHub-Hook-ID not a number, a body that is empty, not UTF-8, not a JSON object, nested over 1,000 levels or not shaped like its event, a form without `payload`.'),
    '401': errorBody(['missing_signature', 'malformed_signature', 'sha1_only', 'unauthorized', 'installation_mismatch'],
      'The signature is missing, malformed or sha1 only; otherwise one answer (`unauthorized`) for every delivery that could not be verified, whatever the reason (the ingest\'s log says which); in App mode, a repository the App\'s installation does not cover (`installation_mismatch`).'),
    '408': errorBody([], 'The body had not fully arrived REQUEST_TIMEOUT_MS (30 s) after the request began; the connection is closed.'),
    '413': errorBody(['payload_too_large'], 'A body over 25 MB.'),
    '415': errorBody(['unsupported_media_type', 'unsupported_encoding'], 'A content type other than application/json or application/x-www-form-urlencoded, or a Content-Encoding.'),
    '503': {
      ...errorBody(['unavailable'], 'Not stored: Redis unreachable or too slow, the ingest overloaded or shutting down. GitHub can redeliver it.'),
      headers: retryAfter,
    },
  },
}

/** The ingest's path for the OpenAPI document's `paths`, with the ingest as its server. */
export const ingestPaths = (webhookUrl: string): Paths => ({
  '/api/webhook': { post: { ...operation, servers: [{ url: ingestBaseUrl(webhookUrl), description: 'The ingest (WEBHOOK_URL)' }] } },
})

export const ingestTag = { name: 'ingest', description: 'GitHub\'s webhook deliveries, received by the ingest' }
