import t, { type Test } from 'tap'
import { ConfigError, loadGatewayConfig, loadIngestConfig, loadWorkerConfig } from '../src/index.ts'

const key = (digit: string) => digit.repeat(64)
const TOKEN = 'p'.repeat(32)

const gateway = {
  NODE_ENV: 'production',
  CLIENT_ID: 'Iv1.abc',
  CLIENT_SECRET: 'shh-client-secret',
  REDIRECT_URI: 'https://gwm.example.com/auth/callback',
  FRONTEND_URL: 'https://app.example.com',
  WEBHOOK_URL: 'https://hooks.gwm.example.com/api/webhook',
  DATABASE_URL: 'postgres://db.internal/gwm',
  SESSION_KEY: `${key('a')},${key('b')}`,
  SECRETS_KEY: key('c'),
  PLATFORM_API_TOKEN: `${TOKEN},${'q'.repeat(40)}`,
}
const ingest = { NODE_ENV: 'production', SECRETS_KEY: key('c'), METRICS_PORT: '9464' }
const worker = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://db.internal/gwm',
  DEPLOY_PLATFORM_URL: 'https://platform.example.com/hooks/gwm',
  DEPLOY_PLATFORM_SECRET: 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=',
  WEBHOOK_URL: 'https://hooks.gwm.example.com/api/webhook',
}

const refused = (t: Test, load: () => unknown) => {
  const error = t.throws(load) as ConfigError
  t.ok(error instanceof ConfigError, 'a ConfigError')
  t.notMatch(error.message, /\n/, 'one line')
  return error
}

t.test('a valid production configuration starts every service', async (t) => {
  t.equal(loadGatewayConfig(gateway).NODE_ENV, 'production')
  t.same(loadGatewayConfig(gateway).PLATFORM_API_TOKEN, [TOKEN, 'q'.repeat(40)])
  t.equal(loadIngestConfig(ingest).METRICS_PORT, 9464)
  t.equal(loadWorkerConfig(worker).DEPLOY_PLATFORM_URL, 'https://platform.example.com/hooks/gwm')
  t.equal(loadWorkerConfig({ ...worker, WEBHOOK_URL: '' }).WEBHOOK_URL, undefined, 'what is optional may stay unset')
  t.equal(loadGatewayConfig({ ...gateway, PLATFORM_API_TOKEN: '' }).PLATFORM_API_TOKEN, undefined, 'platform access off')
})

t.test('gateway in production: one error naming every violation', async (t) => {
  const error = refused(t, () => loadGatewayConfig({
    ...gateway,
    REDIRECT_URI: 'http://gwm.example.com/auth/callback',
    FRONTEND_URL: 'http://app.example.com',
    WEBHOOK_URL: 'http://hooks.gwm.example.com/api/webhook',
    PLATFORM_API_TOKEN: `${TOKEN},${'s'.repeat(31)}`,
    SECRETS_KEY: `${key('d')},${key('b')}`,
  }))
  t.match(error.message, /^gateway: invalid configuration: /)
  t.same(error.problems, [
    'REDIRECT_URI must use https in production (NODE_ENV=production)',
    'FRONTEND_URL must use https in production (NODE_ENV=production)',
    'WEBHOOK_URL must use https in production (NODE_ENV=production)',
    'PLATFORM_API_TOKEN secret #2 must be at least 32 characters in production (NODE_ENV=production): generate one with "openssl rand -hex 32"',
    'SESSION_KEY and SECRETS_KEY must not share a key (both hold key #2 of SESSION_KEY): generate each with "openssl rand -hex 32"',
  ])
  t.notMatch(error.message, /sssss|bbbbb/, 'no secret is echoed')
})

t.test('gateway in production: a short single token and one key for both', async (t) => {
  const error = refused(t, () => loadGatewayConfig({ ...gateway, PLATFORM_API_TOKEN: 't'.repeat(20), SESSION_KEY: key('c') }))
  t.same(error.problems, [
    'PLATFORM_API_TOKEN must be at least 32 characters in production (NODE_ENV=production): generate one with "openssl rand -hex 32"',
    'SESSION_KEY and SECRETS_KEY must not share a key (both hold key #1 of SESSION_KEY): generate each with "openssl rand -hex 32"',
  ])
})

t.test('production rules and malformed variables are named in the same line', async (t) => {
  const error = refused(t, () => loadGatewayConfig({ ...gateway, CLIENT_ID: '', FRONTEND_URL: 'http://app.example.com' }))
  t.same(error.problems, ['CLIENT_ID is missing (expected a string)', 'FRONTEND_URL must use https in production (NODE_ENV=production)'])
})

t.test('ingest in production: /metrics only on a port of its own', async (t) => {
  const missing = refused(t, () => loadIngestConfig({ ...ingest, METRICS_PORT: '' }))
  t.same(missing.problems, ['METRICS_PORT is missing: in production /metrics is not served on the public PORT, set METRICS_PORT to serve it on a port of its own (NODE_ENV=production)'])
  const same = refused(t, () => loadIngestConfig({ ...ingest, PORT: '9464' }))
  t.same(same.problems, ['METRICS_PORT must differ from PORT: the public port would serve /metrics'])
})

t.test('worker in production: the platform and the hooks over https', async (t) => {
  const error = refused(t, () => loadWorkerConfig({ ...worker, DEPLOY_PLATFORM_URL: 'http://platform.internal/hooks', WEBHOOK_URL: 'http://hooks.example.com/api/webhook' }))
  t.match(error.message, /^worker: invalid configuration: /)
  t.same(error.problems, [
    'DEPLOY_PLATFORM_URL must use https in production (NODE_ENV=production)',
    'WEBHOOK_URL must use https in production (NODE_ENV=production)',
  ])
})

t.test('outside production the same settings start (local stacks run over http)', async (t) => {
  const development = { ...gateway, NODE_ENV: 'development', REDIRECT_URI: 'http://localhost:8000/auth/callback', PLATFORM_API_TOKEN: 't'.repeat(16), SESSION_KEY: key('c') }
  t.equal(loadGatewayConfig(development).NODE_ENV, 'development')
  const { NODE_ENV: _, ...unset } = development
  t.equal(loadGatewayConfig(unset).NODE_ENV, 'development', 'development by default')
  t.equal(loadIngestConfig({ SECRETS_KEY: key('c') }).METRICS_PORT, undefined, '/metrics on PORT')
  t.equal(loadWorkerConfig({ ...worker, NODE_ENV: 'test', DEPLOY_PLATFORM_URL: 'http://127.0.0.1:9001' }).NODE_ENV, 'test')
  const typo = refused(t, () => loadWorkerConfig({ ...worker, NODE_ENV: 'prod' }))
  t.same(typo.problems, ['NODE_ENV must be one of development, test, production, got "prod" (expected one of development, test, production)'])
})
