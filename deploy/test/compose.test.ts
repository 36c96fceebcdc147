import { readFileSync } from 'node:fs'
import { gatewaySpec, ingestSpec, secretNames, workerSpec } from '@gwm/config'
import t from 'tap'
import { parse } from 'yaml'

// No container engine runs where the tests run: parse the compose file so it cannot rot.
interface ComposeService {
  image?: string
  build?: { context: string; dockerfile: string; args?: Record<string, string> }
  environment?: Record<string, string | number>
  healthcheck?: { test?: string[]; disable?: boolean }
  depends_on?: Record<string, { condition: string }>
  profiles?: string[]
  command?: string[]
  stop_grace_period?: string
}
const compose = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>
}
const services = compose.services
const specs = { gateway: gatewaySpec, ingest: ingestSpec, worker: workerSpec }
const SECRETS = new Set([...Object.values(specs).flatMap(secretNames), 'POSTGRES_PASSWORD', 'DATABASE_URL'])

t.test('every service has an image or a build, and a healthcheck unless one-shot', async (t) => {
  for (const [name, service] of Object.entries(services)) {
    t.ok(service.image ?? service.build, `${name} has an image or build`)
    if (name === 'migrate') t.equal(service.healthcheck?.disable, true, 'migrate is one-shot')
    else t.ok(service.healthcheck?.test?.length, `${name} has a healthcheck`)
  }
})

t.test('services wait for healthy dependencies and migrations', async (t) => {
  for (const name of ['gateway', 'worker']) {
    t.same(services[name]?.depends_on?.postgres, { condition: 'service_healthy' }, `${name} waits for postgres`)
    t.same(services[name]?.depends_on?.migrate, { condition: 'service_completed_successfully' }, `${name} waits for migrations`)
  }
  for (const name of ['gateway', 'ingest', 'worker']) {
    t.same(services[name]?.depends_on?.redis, { condition: 'service_healthy' }, `${name} waits for redis`)
  }
  t.notOk(services.ingest?.depends_on?.postgres, 'ingest never depends on Postgres')
})

t.test('Redis is durable and never evicts queue keys', async (t) => {
  const command = services.redis?.command?.join(' ') ?? ''
  t.match(command, /--appendonly yes/)
  t.match(command, /--maxmemory-policy noeviction/)
})

t.test('no secret is written inline: each comes from the environment', async (t) => {
  for (const [name, service] of Object.entries(services)) {
    for (const [variable, value] of Object.entries(service.environment ?? {})) {
      if (!SECRETS.has(variable)) continue
      t.match(String(value), /\$\{[A-Z_]+/, `${name}.${variable} is taken from the environment`)
    }
  }
})

t.test('each service is given only variables its config reads', async (t) => {
  for (const [name, spec] of Object.entries(specs)) {
    const known = new Set(Object.keys(spec))
    const given = Object.keys(services[name]?.environment ?? {})
    t.same(given.filter((variable) => !known.has(variable)), [], `${name}: every variable is in its config schema`)
    const required = Object.entries(spec)
      .filter(([, field]) => 'error' in field.read(undefined))
      .map(([variable]) => variable)
    t.same(required.filter((variable) => !given.includes(variable)), [], `${name}: every required variable is given`)
  }
})

t.test('the demo profile adds the GitHub simulator and the platform receiver', async (t) => {
  t.same(services['github-sim']?.profiles, ['demo'])
  t.same(services.platform?.profiles, ['demo'])
  t.equal(services.worker?.environment?.DEPLOY_PLATFORM_URL, '${DEPLOY_PLATFORM_URL:-http://platform:9001/callbacks}')
})

t.test('images are built from the shared Dockerfile, one app each', async (t) => {
  for (const name of ['gateway', 'ingest', 'worker', 'migrate']) {
    t.equal(services[name]?.build?.dockerfile, 'deploy/Dockerfile')
    t.ok(services[name]?.build?.args?.APP, `${name} names its app`)
  }
})
