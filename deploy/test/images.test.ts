import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { loadGatewayConfig, loadIngestConfig, loadWorkerConfig } from '@gwm/config'
import t from 'tap'
import { parseAllDocuments } from 'yaml'
import { SERVICE_NODE_OPTIONS } from '../../packages/runtime/src/node-options.ts'

const dockerfile = readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8')

t.test('the Dockerfile is multi-stage on Node 24 slim, runs as non-root, has a healthcheck', async (t) => {
  const stages = dockerfile.match(/^FROM .+$/gm) ?? []
  t.ok(stages.length >= 2, 'multi-stage')
  t.match(dockerfile, /ARG NODE_IMAGE=node:24-slim/)
  t.match(dockerfile, /^USER node$/m)
  t.match(dockerfile, /^HEALTHCHECK /m)
  t.match(dockerfile, /--prod/, 'production dependencies only')
  t.notMatch(dockerfile, /(SECRET|TOKEN|PASSWORD)=/, 'no secret baked in')
})

t.test('the image runs the services with the Node options the local stack, the fault suite and the benchmarks use', async (t) => {
  t.equal(dockerfile.match(/NODE_OPTIONS="([^"]*)"/)?.[1], SERVICE_NODE_OPTIONS)
})

t.test('the gateway image carries the console it serves, built in the first stage', async (t) => {
  const [build = '', runtime = ''] = dockerfile.split(/^FROM .+ AS runtime$/m)
  t.match(build, /if \[ "\$\{APP\}" = services\/gateway \]; then/, 'for the gateway only')
  t.match(build, /pnpm --filter @gwm\/console run build/, "with the console package's own build script")
  t.match(build, /mv packages\/console\/dist \/app\/console/, 'its dist kept outside the pruned workspace')
  t.ok(build.indexOf('@gwm/console run build') < build.indexOf('prune-workspace.mjs'), 'before the prune removes the console and its dev dependencies')
  t.match(runtime, /CONSOLE_DIR=\/app\/console/, 'where the gateway looks for it')
})

interface Manifest {
  kind: string
  metadata: { name: string }
  spec: Record<string, any>
}
const dir = new URL('../k8s/', import.meta.url)
const manifests: Manifest[] = readdirSync(dir)
  .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
  .flatMap((file) => parseAllDocuments(readFileSync(new URL(file, dir), 'utf8')).map((doc) => doc.toJS() as Manifest))
const find = (kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name)

t.test('each service deployment has probes, resources and a disruption budget', async (t) => {
  for (const name of ['gateway', 'ingest', 'worker']) {
    const deployment = find('Deployment', name)
    const container = deployment?.spec.template.spec.containers[0]
    t.equal(container?.readinessProbe?.httpGet?.path, '/readyz', `${name} readiness`)
    t.equal(container?.livenessProbe?.httpGet?.path, '/healthz', `${name} liveness`)
    t.ok(container?.resources?.requests?.cpu && container?.resources?.limits?.memory, `${name} resources`)
    t.ok(find('PodDisruptionBudget', name), `${name} PDB`)
    t.ok(find('Service', name), `${name} Service`)
  }
  t.ok(find('HorizontalPodAutoscaler', 'ingest'))
  t.ok(find('HorizontalPodAutoscaler', 'worker'))
  const grace = find('Deployment', 'worker')?.spec.template.spec.terminationGracePeriodSeconds
  t.ok(grace > 30, 'the worker may drain longer than its 30 s bound')
})

t.test('no secret value appears in the manifests', async (t) => {
  const config = find('ConfigMap', 'gwm-config')
  for (const key of Object.keys((config as unknown as { data: Record<string, string> }).data)) {
    t.notMatch(key, /SECRET|TOKEN|PASSWORD|KEY$/, `${key} belongs in the Secret`)
  }
  t.notOk(manifests.some((m) => m.kind === 'Secret'), 'the Secret is created out of band')
})

t.test('each service starts with the manifests\' settings under the image\'s NODE_ENV=production', async (t) => {
  t.match(dockerfile, /ENV NODE_ENV=production/)
  const settings = (find('ConfigMap', 'gwm-config') as unknown as { data: Record<string, string> }).data
  // The Secret as config.yaml says to create it (generated keys and a 64-character token).
  const secrets = {
    CLIENT_SECRET: 'client-secret', SESSION_KEY: randomBytes(32).toString('hex'), SECRETS_KEY: randomBytes(32).toString('hex'),
    DEPLOY_PLATFORM_SECRET: `whsec_${randomBytes(24).toString('base64')}`, PLATFORM_API_TOKEN: randomBytes(32).toString('hex'),
    DATABASE_URL: 'postgres://db.internal/gwm', REDIS_URL: 'redis://redis.internal:6379',
  }
  const load = { gateway: loadGatewayConfig, ingest: loadIngestConfig, worker: loadWorkerConfig }
  for (const [name, loadConfig] of Object.entries(load)) {
    const env = (find('Deployment', name)?.spec.template.spec.containers[0].env ?? []) as Array<{ name: string; value: string }>
    const config = loadConfig({ NODE_ENV: 'production', ...settings, ...secrets, ...Object.fromEntries(env.map((entry) => [entry.name, entry.value])) })
    t.equal(config.NODE_ENV, 'production', `${name} starts`)
  }
})
