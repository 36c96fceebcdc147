import { randomBytes } from 'node:crypto'

const key = () => randomBytes(32).toString('hex')

/**
 * A complete environment for every service, pointed at the given backing services.
 * Secrets are random per call, so a test that leaks one into a log can be caught.
 */
export function serviceEnv(overrides: {
  databaseUrl?: string
  redisUrl?: string
  prefix?: string
  githubUrl?: string
  platformUrl?: string
  [name: string]: string | undefined
}): NodeJS.ProcessEnv {
  const { databaseUrl, redisUrl, prefix, githubUrl, platformUrl, ...rest } = overrides
  return {
    LOG_LEVEL: 'silent',
    REDIS_URL: redisUrl ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: prefix ?? '{gwm}',
    DATABASE_URL: databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    CLIENT_ID: 'gwm-test-client',
    CLIENT_SECRET: `client-secret-${key()}`,
    REDIRECT_URI: 'http://localhost:8000/auth/callback',
    FRONTEND_URL: 'http://localhost:3000',
    WEBHOOK_URL: 'http://127.0.0.1:8001/api/webhook',
    SESSION_KEY: key(),
    SECRETS_KEY: key(),
    GITHUB_URL: githubUrl ?? 'http://127.0.0.1:9000',
    GITHUB_API_URL: githubUrl ? `${githubUrl}/api/v3` : 'http://127.0.0.1:9000/api/v3',
    DEPLOY_PLATFORM_URL: platformUrl ?? 'http://127.0.0.1:9001/',
    DEPLOY_PLATFORM_SECRET: `whsec_${randomBytes(24).toString('base64')}`,
    PLATFORM_API_TOKEN: `platform-token-${key()}`,
    ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)),
  }
}
