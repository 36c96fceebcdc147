import t from 'tap'
import { ConfigError, gatewaySpec, ingestSpec, loadGatewayConfig, loadIngestConfig, loadWorkerConfig, secretNames, workerSpec } from '../src/index.ts'

const KEY = 'a'.repeat(64)
const gatewayEnv = {
  CLIENT_ID: 'Iv1.abc',
  CLIENT_SECRET: 'shh-client-secret',
  REDIRECT_URI: 'http://localhost:8000/auth/callback',
  FRONTEND_URL: 'http://localhost:3000/',
  WEBHOOK_URL: 'http://localhost:8001/api/webhook',
  DATABASE_URL: 'postgres://localhost/gwm',
  SESSION_KEY: `${KEY},${'b'.repeat(64)}`,
  SECRETS_KEY: KEY,
}

t.test('defaults fill what is optional and the result is frozen', async (t) => {
  const config = loadIngestConfig({ SECRETS_KEY: KEY })
  t.equal(config.PORT, 8001)
  t.equal(config.REDIS_URL, 'redis://127.0.0.1:6379')
  t.equal(config.WEBHOOK_SECRET, undefined)
  t.ok(Object.isFrozen(config))
  t.throws(() => {
    ;(config as { PORT: number }).PORT = 1
  })
})

t.test('the gateway reads the seed variables and rotation keys', async (t) => {
  const config = loadGatewayConfig(gatewayEnv)
  t.equal(config.CLIENT_ID, 'Iv1.abc')
  t.equal(config.FRONTEND_URL, 'http://localhost:3000', 'trailing slash dropped')
  t.equal(config.SESSION_KEY.length, 2)
  t.equal(config.SESSION_KEY[0]?.length, 32)
  t.equal(config.GITHUB_API_URL, 'https://api.github.com')
})

t.test('FRONTEND_URL defaults to the gateway\'s own origin, where the console is served', async (t) => {
  const { FRONTEND_URL: _set, ...unset } = gatewayEnv
  t.equal(loadGatewayConfig(unset).FRONTEND_URL, 'http://localhost:8000', 'the origin of REDIRECT_URI')
  t.equal(loadGatewayConfig({ ...unset, FRONTEND_URL: ' ' }).FRONTEND_URL, 'http://localhost:8000', 'blank is unset')
  t.equal(loadGatewayConfig(gatewayEnv).FRONTEND_URL, 'http://localhost:3000', 'a frontend elsewhere is kept')
  const error = t.throws(() => loadGatewayConfig({ ...unset, REDIRECT_URI: 'not a url' })) as ConfigError
  t.match(error.message, 'REDIRECT_URI is not a valid URL')
})

t.test('one error names every missing or malformed variable', async (t) => {
  const error = t.throws(() => loadGatewayConfig({ ...gatewayEnv, CLIENT_ID: '', SESSION_KEY: 'short', PORT: '70000', WEBHOOK_URL: 'ftp://x' })) as ConfigError
  t.ok(error instanceof ConfigError)
  t.match(error.message, /^gateway: invalid configuration: /)
  for (const name of ['CLIENT_ID is missing', 'SESSION_KEY key #1 must be 64 hex', 'PORT must be an integer from 0 to 65535', 'WEBHOOK_URL must use http or https']) {
    t.match(error.message, name)
  }
  t.equal(error.problems.length, 4)
})

t.test('a missing worker variable is named and secrets are not echoed', async (t) => {
  const error = t.throws(() => loadWorkerConfig({ DEPLOY_PLATFORM_SECRET: 'tooshort', DATABASE_URL: 'mysql://x' })) as ConfigError
  t.match(error.message, 'DEPLOY_PLATFORM_URL is missing')
  t.match(error.message, 'DEPLOY_PLATFORM_SECRET must be at least 16 characters')
  t.match(error.message, 'DATABASE_URL must use postgres or postgresql')
  t.notMatch(error.message, 'tooshort')
})

t.test('config is read from the env object given, never at import time', async (t) => {
  const before = process.env.PORT
  process.env.PORT = '1234'
  t.equal(loadIngestConfig({ SECRETS_KEY: KEY }).PORT, 8001)
  if (before === undefined) delete process.env.PORT
  else process.env.PORT = before
})

t.test('secret variables are known by name', async (t) => {
  t.same(secretNames(ingestSpec), ['WEBHOOK_SECRET', 'SECRETS_KEY', 'GITHUB_APP_WEBHOOK_SECRET'])
  t.ok(secretNames(gatewaySpec).includes('CLIENT_SECRET'))
  t.ok(secretNames(gatewaySpec).includes('PASSWORD'))
  t.same(secretNames(workerSpec), ['DEPLOY_PLATFORM_SECRET', 'GITHUB_APP_PRIVATE_KEY', 'SECRETS_KEY'])
  t.ok(secretNames(gatewaySpec).includes('GITHUB_APP_PRIVATE_KEY'))
})

t.test('the gateway bounds its sessions and rate limit, with defaults', async (t) => {
  const config = loadGatewayConfig(gatewayEnv)
  t.equal(config.SESSION_MAX_AGE_S, 8 * 3_600)
  t.equal(config.RATE_LIMIT_PER_MINUTE, 300)
  t.equal(config.GITHUB_WRITE_INTERVAL_MS, 1_000)
  t.equal(config.TRUST_PROXY_HOPS, 0)
  const custom = loadGatewayConfig({ ...gatewayEnv, SESSION_MAX_AGE_S: '600', RATE_LIMIT_PER_MINUTE: '5' })
  t.equal(custom.SESSION_MAX_AGE_S, 600)
  t.equal(custom.RATE_LIMIT_PER_MINUTE, 5)
  const error = t.throws(() => loadGatewayConfig({ ...gatewayEnv, SESSION_MAX_AGE_S: '10', RATE_LIMIT_PER_MINUTE: '0' })) as ConfigError
  t.match(error.message, 'SESSION_MAX_AGE_S must be an integer from 60')
  t.match(error.message, 'RATE_LIMIT_PER_MINUTE must be an integer from 1')
})

t.test('the ingest reads its overload limits, with defaults that answer within 2 s', async (t) => {
  const defaults = loadIngestConfig({ SECRETS_KEY: KEY })
  t.equal(defaults.ENQUEUE_TIMEOUT_MS, 1_500)
  t.equal(defaults.MAX_EVENT_LOOP_DELAY_MS, 1_000)
  const tuned = loadIngestConfig({ SECRETS_KEY: KEY, ENQUEUE_TIMEOUT_MS: '250', MAX_EVENT_LOOP_DELAY_MS: '0' })
  t.equal(tuned.ENQUEUE_TIMEOUT_MS, 250)
  t.equal(tuned.MAX_EVENT_LOOP_DELAY_MS, 0)
  const error = t.throws(() => loadIngestConfig({ SECRETS_KEY: KEY, ENQUEUE_TIMEOUT_MS: '5' })) as ConfigError
  t.match(error.message, 'ENQUEUE_TIMEOUT_MS must be an integer from 10 to 10000')
})

t.test('the ingest reads its bound on deliveries handled at once: 200 by default, 0 turns it off, anything else not a count is refused', async (t) => {
  t.equal(loadIngestConfig({ SECRETS_KEY: KEY }).MAX_REQUESTS_IN_FLIGHT, 200)
  t.equal(loadIngestConfig({ SECRETS_KEY: KEY, MAX_REQUESTS_IN_FLIGHT: '0' }).MAX_REQUESTS_IN_FLIGHT, 0)
  t.equal(loadIngestConfig({ SECRETS_KEY: KEY, MAX_REQUESTS_IN_FLIGHT: '1000' }).MAX_REQUESTS_IN_FLIGHT, 1_000)
  for (const bad of ['-1', '1.5', 'many', '1000001']) {
    const error = t.throws(() => loadIngestConfig({ SECRETS_KEY: KEY, MAX_REQUESTS_IN_FLIGHT: bad }), `${bad} is refused`) as ConfigError
    t.match(error.message, 'MAX_REQUESTS_IN_FLIGHT must be an integer from 0 to 1000000')
  }
})

t.test('GitHub App mode: each service reads the App variables it needs, all of them or none', async (t) => {
  const { generateKeyPairSync } = await import('node:crypto')
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
  const app = { GITHUB_APP_ID: '12345', GITHUB_APP_PRIVATE_KEY: privateKey, GITHUB_APP_SLUG: 'our-app', GITHUB_APP_WEBHOOK_SECRET: 'app-webhook-secret' }
  const gateway = loadGatewayConfig({ ...gatewayEnv, ...app })
  t.equal(gateway.GITHUB_APP_ID, 12345)
  t.equal(gateway.GITHUB_APP_PRIVATE_KEY, privateKey)
  t.notOk('GITHUB_APP_WEBHOOK_SECRET' in gateway, 'the gateway does not hold the webhook secret')
  const ingest = loadIngestConfig({ SECRETS_KEY: KEY, ...app })
  t.notOk('GITHUB_APP_PRIVATE_KEY' in ingest, 'the ingest never holds the private key')
  t.equal(ingest.GITHUB_APP_WEBHOOK_SECRET, 'app-webhook-secret')
  t.equal(loadGatewayConfig(gatewayEnv).GITHUB_APP_ID, undefined, 'OAuth App mode when none is set')

  const base64 = loadGatewayConfig({ ...gatewayEnv, ...app, GITHUB_APP_PRIVATE_KEY: Buffer.from(privateKey).toString('base64') })
  t.equal(base64.GITHUB_APP_PRIVATE_KEY, privateKey, 'base64 of the PEM')
  const escaped = loadGatewayConfig({ ...gatewayEnv, ...app, GITHUB_APP_PRIVATE_KEY: privateKey.replace(/\n/g, '\\n') })
  t.equal(escaped.GITHUB_APP_PRIVATE_KEY, privateKey, 'a PEM with its newlines written as \\n (one-line env files)')
  const { mkdtempSync, writeFileSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const file = join(mkdtempSync(join(tmpdir(), 'gwm-key-')), 'app.pem')
  writeFileSync(file, privateKey)
  t.equal(loadGatewayConfig({ ...gatewayEnv, ...app, GITHUB_APP_PRIVATE_KEY: file }).GITHUB_APP_PRIVATE_KEY, privateKey, 'a file path')
})

t.test('GitHub App mode: a partial set or a malformed key stops start-up naming each problem, never echoing the key', async (t) => {
  const partial = t.throws(() => loadGatewayConfig({ ...gatewayEnv, GITHUB_APP_ID: '12345' })) as ConfigError
  t.match(partial.problems, [/^GITHUB_APP_PRIVATE_KEY is missing \(GITHUB_APP_ID is set: these are set together or not at all\)/, /^GITHUB_APP_SLUG is missing/])
  const noId = t.throws(() => loadWorkerConfig({ DATABASE_URL: 'postgres://x/y', DEPLOY_PLATFORM_URL: 'http://p', DEPLOY_PLATFORM_SECRET: 'whsec_abcdefghijklmnop', GITHUB_APP_PRIVATE_KEY: '/no/such/key.pem' })) as ConfigError
  t.match(noId.problems, [/^GITHUB_APP_PRIVATE_KEY is neither a PEM private key, base64 of one, nor the path of a file holding one/, /^GITHUB_APP_ID is missing \(GITHUB_APP_PRIVATE_KEY is set/])
  const garbled = '-----BEGIN RSA PRIVATE KEY-----\nnot a key at all\n-----END RSA PRIVATE KEY-----'
  const bad = t.throws(() => loadGatewayConfig({ ...gatewayEnv, GITHUB_APP_ID: 'twelve', GITHUB_APP_PRIVATE_KEY: garbled, GITHUB_APP_SLUG: 'Not A Slug' })) as ConfigError
  t.match(bad.problems, [/^GITHUB_APP_ID must be an integer/, /^GITHUB_APP_PRIVATE_KEY is not a readable PEM private key/, /^GITHUB_APP_SLUG must be lower-case letters, digits and dashes/])
  t.notMatch(bad.message, /not a key at all/, 'the key is never echoed')
  t.same(bad.problems.length, 3, 'one problem per variable, in one error')
})

t.test('every service names a malformed OpenTelemetry endpoint or protocol at start-up', async (t) => {
  const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: 'otel collector', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://collector/v1/traces', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/xml' }
  for (const load of [() => loadIngestConfig({ SECRETS_KEY: KEY, ...otel }), () => loadGatewayConfig({ ...gatewayEnv, ...otel })]) {
    const error = t.throws(load) as ConfigError
    t.match(error.message, /OTEL_EXPORTER_OTLP_ENDPOINT is not a valid URL/)
    t.match(error.message, /OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must use http or https/)
    t.match(error.message, /OTEL_EXPORTER_OTLP_PROTOCOL must be one of http\/protobuf, http\/json, grpc, got "http\/xml"/)
  }
  const traced = loadIngestConfig({ SECRETS_KEY: KEY, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })
  t.equal(traced.OTEL_EXPORTER_OTLP_ENDPOINT, 'http://otel-collector:4318')
  t.equal(loadIngestConfig({ SECRETS_KEY: KEY }).OTEL_EXPORTER_OTLP_ENDPOINT, undefined, 'unset: tracing off')
})
