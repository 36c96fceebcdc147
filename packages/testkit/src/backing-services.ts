// Where the real Postgres and Redis for tests come from: TEST_DATABASE_URL / TEST_REDIS_URL
// when set; otherwise containers (when a container engine exists); otherwise the local
// servers on their standard ports. Started at most once per test process.

const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres'
const LOCAL_REDIS = 'redis://127.0.0.1:6379'

let postgres: Promise<string> | undefined
let redis: Promise<string> | undefined

async function fromContainer<T>(start: () => Promise<T>): Promise<T | undefined> {
  try {
    return await start()
  } catch (error) {
    // No container runtime here: fall back to the local servers.
    if (/container runtime/i.test(String(error))) return undefined
    throw error
  }
}

export function postgresAdminUrl(): Promise<string> {
  postgres ??= (async () => {
    if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql')
    const container = await fromContainer(() => new PostgreSqlContainer('postgres:17-alpine').start())
    return container?.getConnectionUri() ?? LOCAL_POSTGRES
  })()
  return postgres
}

export function redisUrl(): Promise<string> {
  redis ??= (async () => {
    if (process.env.TEST_REDIS_URL) return process.env.TEST_REDIS_URL
    const { GenericContainer } = await import('testcontainers')
    const container = await fromContainer(() => new GenericContainer('redis:7-alpine').withExposedPorts(6379).start())
    return container ? `redis://${container.getHost()}:${container.getMappedPort(6379)}` : LOCAL_REDIS
  })()
  return redis
}
