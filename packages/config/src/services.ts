import { hexKeys, idList, int, oneOf, optional, secret, secretList, str, url } from './fields.ts'
import { appFields } from './github-app.ts'
import { type ConfigOf, parseEnv } from './parse-env.ts'
import { gatewayRules, ingestRules, workerRules } from './production.ts'

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/** What every service shares: Redis, the BullMQ prefix, logging, where to listen. */
const common = {
  // production turns on the guardrails of production.ts (https URLs, long tokens, distinct keys).
  NODE_ENV: oneOf(['development', 'test', 'production'], 'development'),
  HOST: str('0.0.0.0'),
  LOG_LEVEL: oneOf(LOG_LEVELS, 'info'),
  // json: one JSON object per line, for log collectors; pretty: coloured lines for people (npm start).
  LOG_FORMAT: oneOf(['json', 'pretty'], 'json'),
  REDIS_URL: url(['redis', 'rediss'], 'redis://127.0.0.1:6379'),
  // The braces are a Redis Cluster hash tag: every key of a queue lands on one slot.
  QUEUE_PREFIX: str('{gwm}'),
  // Tracing's collector. The OpenTelemetry SDK reads these (and the other OTEL_* variables) itself,
  // before the service starts; read here too, so that a typo is named at start-up, not spans lost.
  OTEL_EXPORTER_OTLP_ENDPOINT: optional(url(['http', 'https'])),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optional(url(['http', 'https'])),
  OTEL_EXPORTER_OTLP_PROTOCOL: optional(oneOf(['http/protobuf', 'http/json', 'grpc'])),
}

export const ingestSpec = {
  ...common,
  PORT: int(0, 65535, 8001),
  // /metrics on a port of its own instead of the public PORT (required in production).
  METRICS_PORT: optional(int(0, 65535)),
  WEBHOOK_SECRET: optional(secret(8)),
  // The repositories WEBHOOK_SECRET may deliver for; empty (the default): none.
  WEBHOOK_SECRET_REPOSITORY_IDS: idList(),
  SECRETS_KEY: hexKeys(),
  SECRET_CACHE_TTL_MS: int(0, 3_600_000, 30_000),
  // Overload protection: a delivery Redis has not confirmed by then is answered 503 + Retry-After
  // (GitHub can redeliver it), and so is every request while the event loop lags this much.
  ENQUEUE_TIMEOUT_MS: int(10, 10_000, 1_500),
  MAX_EVENT_LOOP_DELAY_MS: int(0, 60_000, 1_000),
  // ... and while the process's resident memory is over this many MB (0 = off): 400 leaves a
  // 512 Mi pod room for the deliveries already being received.
  MAX_RSS_MB: int(0, 1_000_000, 400),
  // ... and past this many deliveries being handled at once (0 = off): a burst beyond what the
  // process can store is shed at once rather than queued until GitHub's 10 s timeout.
  MAX_REQUESTS_IN_FLIGHT: int(0, 1_000_000, 200),
  // A request whose body has not fully arrived this long after it began is cut with 408.
  REQUEST_TIMEOUT_MS: int(1_000, 600_000, 30_000),
  // Bodies held at once (being received, or until answered) share this many MB; past it a body
  // over its first MB is refused 503 + Retry-After. With Node's own ~150 MB, fits a 512 Mi pod.
  MAX_BODIES_MB: int(25, 1_000_000, 100),
  ...appFields('GITHUB_APP_ID', 'GITHUB_APP_WEBHOOK_SECRET'),
}

export const gatewaySpec = {
  ...common,
  PORT: int(0, 65535, 8000),
  CLIENT_ID: str(),
  CLIENT_SECRET: secret(),
  REDIRECT_URI: url(['http', 'https']),
  // Where sign-in lands; unset: the gateway's own origin (REDIRECT_URI's), which serves the console.
  FRONTEND_URL: url(['http', 'https']),
  WEBHOOK_URL: url(['http', 'https']),
  DATABASE_URL: url(['postgres', 'postgresql']),
  SESSION_KEY: hexKeys(),
  SECRETS_KEY: hexKeys(),
  GITHUB_URL: url(['http', 'https'], 'https://github.com'),
  GITHUB_API_URL: url(['http', 'https'], 'https://api.github.com'),
  // The deployment platform's bearer token; `new,old` during a rotation accepts both.
  PLATFORM_API_TOKEN: optional(secretList(16)),
  // The operator pages' password (/admin, HTTP basic auth); unset: those pages are off (404).
  PASSWORD: optional(secret(8)),
  // The console's build (index.html and assets/); unset: packages/console/dist of this checkout.
  CONSOLE_DIR: optional(str()),
  SECRET_ROTATION_GRACE_S: int(0, 30 * 86_400, 86_400),
  /** Absolute lifetime of a login session (the GitHub token lives only in its cookie). */
  SESSION_MAX_AGE_S: int(60, 30 * 86_400, 8 * 3_600),
  /** Requests per minute per signed-in user (or per client address when anonymous). */
  RATE_LIMIT_PER_MINUTE: int(1, 1_000_000, 300),
  /** Spacing of one user's write requests to GitHub (GitHub's advice against secondary limits). */
  GITHUB_WRITE_INTERVAL_MS: int(0, 60_000, 1_000),
  /** Proxies in front of the gateway whose X-Forwarded-For to trust (client address for rate limits). */
  TRUST_PROXY_HOPS: int(0, 10, 0),
  /** Requests per minute per client address to /auth/login, and as many to /auth/callback (signed in or not). */
  AUTH_RATE_LIMIT_MAX: int(1, 1_000_000, 20),
  /** How long a user's repositories on GitHub (what their events access follows) are remembered. */
  EVENTS_ACCESS_TTL_MS: int(0, 600_000, 60_000),
  /** Live event streams (GET /api/events/stream) one user may hold open at once. */
  EVENTS_STREAM_MAX_PER_USER: int(1, 1_000, 5),
  /** Live event streams one gateway process holds open at once, the platform's included. */
  EVENTS_STREAM_MAX_PER_PROCESS: int(1, 100_000, 1_000),
  /** How often an open stream re-checks its session and what its user may see. */
  EVENTS_STREAM_RECHECK_MS: int(100, 3_600_000, 60_000),
  /** Postgres cancels any statement of the gateway's that runs longer (0: no limit): one slow query cannot hold a connection of the pool. */
  STATEMENT_TIMEOUT_MS: int(0, 600_000, 5_000),
  ...appFields('GITHUB_APP_ID', 'GITHUB_APP_PRIVATE_KEY', 'GITHUB_APP_SLUG'),
}

export const workerSpec = {
  ...common,
  PORT: int(0, 65535, 8002),
  DATABASE_URL: url(['postgres', 'postgresql']),
  DEPLOY_PLATFORM_URL: url(['http', 'https']),
  // The Standard Webhooks secret callbacks are signed with; `new,old` during a rotation signs with both.
  DEPLOY_PLATFORM_SECRET: secretList(16),
  EVENTS_CONCURRENCY: int(1, 1000, 16),
  CALLBACKS_CONCURRENCY: int(1, 1000, 32),
  CALLBACK_TIMEOUT_MS: int(100, 120_000, 10_000),
  SWEEP_INTERVAL_MS: int(100, 3_600_000, 30_000),
  // Callback retries: delay n = min(BASE * 2^(n-1), MAX) +-20 % jitter; 20 attempts span about a day.
  CALLBACK_ATTEMPTS: int(1, 100, 20),
  CALLBACK_BACKOFF_BASE_MS: int(1, 3_600_000, 30_000),
  CALLBACK_BACKOFF_MAX_MS: int(1, 86_400_000, 7_200_000),
  // Events-queue retries (a delivery that could not be stored): delay n = min(BASE * 2^(n-1), MAX),
  // as many attempts as fit in the budget; then the delivery becomes a dead letter in Postgres.
  EVENTS_BACKOFF_BASE_MS: int(1, 3_600_000, 1_000),
  EVENTS_BACKOFF_MAX_MS: int(1, 86_400_000, 300_000),
  EVENTS_RETRY_BUDGET_MS: int(1, 30 * 86_400_000, 86_400_000),
  SHUTDOWN_TIMEOUT_MS: int(1_000, 600_000, 30_000),
  // BullMQ's stall detection, defaults as BullMQ's own: a job's lock lasts this long (renewed at
  // half of it while the job runs), and locks are checked this often; a job whose worker died is
  // taken up again within about the sum of the two.
  WORKER_LOCK_DURATION_MS: int(1_000, 3_600_000, 30_000),
  WORKER_STALLED_INTERVAL_MS: int(500, 3_600_000, 30_000),
  // Inbox entries a worker read and never acknowledged (it died) are taken over after this long.
  WORKER_INBOX_RECLAIM_MS: int(1_000, 3_600_000, 15_000),
  GITHUB_API_URL: url(['http', 'https'], 'https://api.github.com'),
  /** Spacing of the App installation's write requests to GitHub (the mirror, hook repairs): GitHub's advice against secondary limits. */
  GITHUB_WRITE_INTERVAL_MS: int(0, 60_000, 1_000),
  /** GitHub answering 5xx or not at all: three retries, waiting 1, 4 and 9 times this. */
  GITHUB_RETRY_BASE_MS: int(1, 60_000, 1_000),
  ...appFields('GITHUB_APP_ID', 'GITHUB_APP_PRIVATE_KEY'),
  // Scheduled reconciliation (one run at a time across all workers); 0 turns a job off.
  RECONCILE_DELIVERIES_INTERVAL_MS: int(0, 86_400_000, 300_000),
  RECONCILE_PUSHES_INTERVAL_MS: int(0, 86_400_000, 600_000),
  RECONCILE_HOOKS_INTERVAL_MS: int(0, 86_400_000, 3_600_000),
  REBUILD_SECRET_REGISTRY_INTERVAL_MS: int(0, 86_400_000, 3_600_000),
  // Events received longer ago than this, with their requests, attempts and statuses, are pruned (0: kept forever), this often.
  EVENT_RETENTION_DAYS: int(0, 36_500, 30),
  PRUNE_EVENTS_INTERVAL_MS: int(0, 86_400_000, 3_600_000),
  // A delivery younger than this may still be on its way through the inbox: not judged yet.
  RECONCILE_GRACE_MS: int(0, 3_600_000, 120_000),
  // Where GitHub delivers (the ingest's /api/webhook): hook health checks our hooks and the App's point there (unset: URLs are not checked).
  WEBHOOK_URL: optional(url(['http', 'https'])),
  // The gateway's key for hook secrets at rest: the worker rebuilds the ingest's secret registry with it (without it, no rebuild).
  SECRETS_KEY: optional(hexKeys()),
}

export type IngestConfig = ConfigOf<typeof ingestSpec>
export type GatewayConfig = ConfigOf<typeof gatewaySpec>
export type WorkerConfig = ConfigOf<typeof workerSpec>

export const loadIngestConfig = (env: NodeJS.ProcessEnv = process.env): IngestConfig => parseEnv('ingest', ingestSpec, env, [appGroup(ingestSpec)], ingestRules)
export const loadGatewayConfig = (env: NodeJS.ProcessEnv = process.env): GatewayConfig => parseEnv('gateway', gatewaySpec, withFrontendDefault(env), [appGroup(gatewaySpec)], gatewayRules)
export const loadWorkerConfig = (env: NodeJS.ProcessEnv = process.env): WorkerConfig => parseEnv('worker', workerSpec, env, [appGroup(workerSpec)], workerRules)

/** FRONTEND_URL unset: the gateway's own origin, taken from its REDIRECT_URI (the console is served there). */
function withFrontendDefault(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env.FRONTEND_URL?.trim() || !env.REDIRECT_URI || !URL.canParse(env.REDIRECT_URI.trim())) return env
  return { ...env, FRONTEND_URL: new URL(env.REDIRECT_URI.trim()).origin }
}

/** A service's App variables: set together or not at all. */
const appGroup = (spec: object) => Object.keys(spec).filter((name) => name.startsWith('GITHUB_APP_'))

/** Whether the service runs in GitHub App mode (its App variables, checked together at start-up, are set). */
export const appMode = (config: { GITHUB_APP_ID?: number }): boolean => config.GITHUB_APP_ID !== undefined
