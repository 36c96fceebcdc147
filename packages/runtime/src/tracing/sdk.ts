import { FastifyOtelInstrumentation } from '@fastify/otel'
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http'
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis'
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg'
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici'
import { NodeSDK } from '@opentelemetry/sdk-node'
import { withoutLiterals } from './redact-sql.ts'

/** Probes and scrapes: every few seconds, never part of a delivery. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics'])
const pathOf = (url: string) => url.split('?')[0] ?? ''
/** Query parameters that carry a credential: the OAuth callback's code and state, and tokens. */
const SECRET_QUERY_PARAMS = ['code', 'state', 'token', 'access_token', 'client_secret', 'sig', 'Signature']

/**
 * The SDK with the official instrumentations, traces only (metrics stay Prometheus'). Redis and
 * Postgres spans are made only inside a trace (a delivery's), never for the pollers and
 * schedulers that run all the time; a Redis span names its command, never its arguments (a
 * payload, a hook secret), and a query's text loses its literal values; a URL's credentials are
 * redacted. Returns the SDK's shutdown.
 */
export function startSdk(service: string, env: NodeJS.ProcessEnv): () => Promise<void> {
  const sdk = new NodeSDK({
    ...(env.OTEL_SERVICE_NAME ? {} : { serviceName: `gwm-${service}` }),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      // Every server here is Fastify: @fastify/otel makes the server span (continuing the caller's
      // traceparent), so a request costs one span, not two; node:http stays traced for calls out.
      new HttpInstrumentation({ disableIncomingRequestInstrumentation: true, requireParentforOutgoingSpans: true, redactedQueryParams: SECRET_QUERY_PARAMS }),
      new UndiciInstrumentation({ requireParentforSpans: true }),
      new FastifyOtelInstrumentation({
        registerOnInitialization: true,
        // A span per request and per handler; one per lifecycle hook would double the ingest's cost.
        instrumentHooks: false,
        ignorePaths: (route) => UNTRACED_PATHS.has(route.url),
        // Its url.path is the URL as requested, query and all.
        requestHook: (span, request) => span.setAttribute('url.path', pathOf(request.url)),
      }),
      new IORedisInstrumentation({ requireParentSpan: true, dbStatementSerializer: (command) => command }),
      new PgInstrumentation({
        requireParentSpan: true,
        ignoreConnectSpans: true,
        requestHook: (span, { query }) => span.setAttribute('db.query.text', withoutLiterals(query.text)),
      }),
    ],
  })
  sdk.start()
  return () => sdk.shutdown()
}
