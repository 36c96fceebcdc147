import t from 'tap'
import { ConfigError, loadWorkerConfig } from '../src/index.ts'

const env = {
  DATABASE_URL: 'postgres://localhost/gwm',
  DEPLOY_PLATFORM_URL: 'http://127.0.0.1:9001/callbacks',
  DEPLOY_PLATFORM_SECRET: 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=',
}

t.test('worker retry and shutdown settings default to a day-long schedule and a 30 s bound', async (t) => {
  const config = loadWorkerConfig(env)
  t.equal(config.CALLBACK_ATTEMPTS, 20)
  t.equal(config.CALLBACK_BACKOFF_BASE_MS, 30_000)
  t.equal(config.CALLBACK_BACKOFF_MAX_MS, 7_200_000)
  t.equal(config.SHUTDOWN_TIMEOUT_MS, 30_000)
  t.equal(config.CALLBACK_TIMEOUT_MS, 10_000)
})

t.test('tests can shrink the schedule to milliseconds; nonsense is named', async (t) => {
  t.equal(loadWorkerConfig({ ...env, CALLBACK_BACKOFF_BASE_MS: '5' }).CALLBACK_BACKOFF_BASE_MS, 5)
  const error = t.throws(() => loadWorkerConfig({ ...env, CALLBACK_ATTEMPTS: '0', CALLBACK_BACKOFF_MAX_MS: 'soon' })) as ConfigError
  t.match(error.message, /CALLBACK_ATTEMPTS must be an integer from 1 to 100/)
  t.match(error.message, /CALLBACK_BACKOFF_MAX_MS must be an integer/)
})

t.test('stall detection defaults to BullMQ timing and can be shortened for tests', async (t) => {
  const config = loadWorkerConfig(env)
  t.equal(config.WORKER_LOCK_DURATION_MS, 30_000)
  t.equal(config.WORKER_STALLED_INTERVAL_MS, 30_000)
  t.equal(config.WORKER_INBOX_RECLAIM_MS, 15_000)
  const short = loadWorkerConfig({ ...env, WORKER_LOCK_DURATION_MS: '2000', WORKER_STALLED_INTERVAL_MS: '1000', WORKER_INBOX_RECLAIM_MS: '2000' })
  t.equal(short.WORKER_LOCK_DURATION_MS, 2_000)
  t.equal(short.WORKER_STALLED_INTERVAL_MS, 1_000)
  t.equal(short.WORKER_INBOX_RECLAIM_MS, 2_000)
  const error = t.throws(() => loadWorkerConfig({ ...env, WORKER_LOCK_DURATION_MS: '10', WORKER_STALLED_INTERVAL_MS: 'often', WORKER_INBOX_RECLAIM_MS: '500' })) as ConfigError
  t.match(error.message, /WORKER_LOCK_DURATION_MS must be an integer from 1000 to 3600000/)
  t.match(error.message, /WORKER_STALLED_INTERVAL_MS must be an integer/)
  t.match(error.message, /WORKER_INBOX_RECLAIM_MS must be an integer from 1000 to 3600000/)
})

t.test('GitHub retries wait 1, 4 and 9 times GITHUB_RETRY_BASE_MS: 1 s by default, shorter for tests', async (t) => {
  t.equal(loadWorkerConfig(env).GITHUB_RETRY_BASE_MS, 1_000)
  t.equal(loadWorkerConfig({ ...env, GITHUB_RETRY_BASE_MS: '20' }).GITHUB_RETRY_BASE_MS, 20)
  for (const bad of ['0', 'soon', '60001']) {
    const error = t.throws(() => loadWorkerConfig({ ...env, GITHUB_RETRY_BASE_MS: bad })) as ConfigError
    t.match(error.message, /GITHUB_RETRY_BASE_MS must be an integer from 1 to 60000/, `${bad} is refused`)
  }
})
