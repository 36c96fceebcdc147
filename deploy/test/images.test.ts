import { readdirSync, readFileSync } from 'node:fs'
import t from 'tap'
import { parseAllDocuments } from 'yaml'

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
