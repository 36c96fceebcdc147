import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gatewaySpec, ingestSpec, secretNames, workerSpec } from '@gwm/config'
import { inboxKeys } from '@gwm/queue'
import t from 'tap'
import { parseAllDocuments } from 'yaml'
import { componentDirs, containersOf, k8sDir, type Manifest, render } from './k8s-manifests.ts'

// Everything the base and its optional components create, rendered as kustomize would.
const objects = render({ components: componentDirs() })
const all = (kind: string) => objects.filter((m) => m.kind === kind)
const find = (kind: string, name: string) => objects.find((m) => m.kind === kind && m.metadata.name === name)
const workloads = objects.filter((m) => m.kind === 'Deployment' || m.kind === 'Job')
const podLabels = (m: Manifest): Record<string, string> => m.spec.template.metadata?.labels ?? {}
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const settings = find('ConfigMap', 'gwm-config')!.data!

/** The Secret gwm-secrets as the README's step creates it: the keys of its --from-literal arguments. */
const secretKeys = new Set([...readme.matchAll(/--from-literal=([A-Z_]+)=/g)].map((match) => match[1]!))

type Selector = { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values: string[] }> }
const selects = (selector: Selector, labels: Record<string, string>) =>
  Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value) &&
  (selector.matchExpressions ?? []).every(({ key, operator, values }) => operator === 'In' && values.includes(labels[key]!))
const podsOf = (selector: Selector) => workloads.filter((w) => selects(selector, podLabels(w)))
const portsOf = (w: Manifest) => containersOf(w).flatMap((c) => (c.ports ?? []) as Array<{ name: string; containerPort: number }>)
const hasPort = (w: Manifest, port: string | number) => portsOf(w).some((p) => p.name === port || p.containerPort === port)

t.test('each Service selects a Deployment that has its target ports', async (t) => {
  for (const service of all('Service')) {
    const [deployment, ...more] = podsOf({ matchLabels: service.spec.selector })
    t.ok(deployment, `${service.metadata.name} selects pods`)
    t.equal(more.length, 0, `${service.metadata.name} selects one workload`)
    for (const port of service.spec.ports) t.ok(deployment && hasPort(deployment, port.targetPort), `${service.metadata.name}:${port.name} reaches a container port`)
  }
})

t.test('the Ingress routes the seed\'s one API on one host, with TLS', async (t) => {
  const [ingress, ...more] = all('Ingress')
  t.equal(more.length, 0, 'one Ingress')
  const [rule] = ingress!.spec.rules
  const host = rule.host as string
  t.equal(new URL(settings.REDIRECT_URI!).host, host, 'REDIRECT_URI is on that host')
  t.equal(new URL(settings.WEBHOOK_URL!).host, host, 'WEBHOOK_URL is on that host')
  const routes = new Map<string, { service: string; port: string }>(rule.http.paths.map((p: { path: string; pathType: string; backend: { service: { name: string; port: { name: string } } } }) =>
    [`${p.pathType} ${p.path}`, { service: p.backend.service.name, port: p.backend.service.port.name }]))
  const routeOf = (path: string) => routes.get(`Exact ${path}`) ?? routes.get('Prefix /')
  t.equal(routeOf(new URL(settings.WEBHOOK_URL!).pathname)?.service, 'ingest', 'GitHub\'s deliveries reach the ingest')
  t.equal(routeOf('/api/webhook')?.service, 'ingest')
  t.equal(routeOf('/webhooks/github')?.service, 'ingest')
  t.equal(routeOf('/api/repos/octocat/hello/setup-webhook')?.service, 'gateway', 'everything else reaches the gateway')
  t.equal(routeOf('/auth/login')?.service, 'gateway')
  t.not(routeOf('/metrics')?.service, 'gateway', 'the gateway\'s /metrics is not public')
  for (const { service, port } of routes.values()) {
    t.ok(find('Service', service)?.spec.ports.some((p: { name: string }) => p.name === port), `backend ${service}:${port} exists`)
  }
  t.same(ingress!.spec.tls, [{ hosts: [host], secretName: 'gwm-tls' }], 'TLS for the host')
  t.ok(ingress!.metadata.annotations?.['cert-manager.io/cluster-issuer'], 'cert-manager issues the certificate')
  t.match(readme, /gwm-tls/, 'the README says how to bring a certificate without cert-manager')
})

t.test('every variable each service requires is set, and every key its pods read exists', async (t) => {
  const configMaps = new Map(all('ConfigMap').map((m) => [m.metadata.name, m.data ?? {}]))
  const specs = { gateway: gatewaySpec, ingest: ingestSpec, worker: workerSpec }
  for (const workload of workloads) {
    for (const container of containersOf(workload)) {
      const given = new Set<string>()
      for (const source of container.envFrom ?? []) {
        if (source.configMapRef) {
          const data = configMaps.get(source.configMapRef.name)
          t.ok(data, `${workload.metadata.name}: ConfigMap ${source.configMapRef.name} exists`)
          for (const key of Object.keys(data ?? {})) given.add(key)
        }
        if (source.secretRef) {
          t.equal(source.secretRef.name, 'gwm-secrets', `${workload.metadata.name}: the Secret the README creates`)
          for (const key of secretKeys) given.add(key)
        }
      }
      for (const entry of container.env ?? []) {
        const ref = entry.valueFrom?.configMapKeyRef ?? entry.valueFrom?.secretKeyRef
        if (entry.valueFrom?.configMapKeyRef) t.ok(configMaps.get(ref.name)?.[ref.key] !== undefined, `${entry.name}: ${ref.name}/${ref.key} exists`)
        if (entry.valueFrom?.secretKeyRef) t.ok(ref.name === 'gwm-secrets' && secretKeys.has(ref.key), `${entry.name}: gwm-secrets/${ref.key} exists`)
        given.add(entry.name)
      }
      const spec = specs[workload.metadata.name as keyof typeof specs]
      const required = spec
        ? Object.entries(spec).filter(([, field]) => 'error' in field.read(undefined)).map(([name]) => name)
        : ['DATABASE_URL'] // the migration
      t.same(required.filter((name) => !given.has(name)), [], `${workload.metadata.name}: every required variable is set`)
    }
  }
})

t.test('no secret is in a ConfigMap: secrets come from the Secret created out of band', async (t) => {
  const secrets = new Set([gatewaySpec, ingestSpec, workerSpec].flatMap(secretNames))
  for (const configMap of all('ConfigMap')) {
    for (const [key, value] of Object.entries(configMap.data ?? {})) {
      t.notOk(secrets.has(key), `${key} is a secret of the config schema`)
      t.notMatch(key, /SECRET|TOKEN|PASSWORD|PRIVATE|_KEY$/, `${key} is named like a secret`)
      t.notMatch(value, /^[0-9a-f]{32,}$|^[A-Za-z0-9+/=_-]{40,}$|^whsec_|^gh[pousr]_|-----BEGIN/, `${key} does not hold a key or token`)
      t.notMatch(value, /:\/\/[^/@\s]+:[^/@\s]+@/, `${key} holds no URL with a password`)
    }
  }
  t.notOk(objects.some((m) => m.kind === 'Secret'), 'no Secret object in the manifests')
})

t.test('NetworkPolicies select pods that exist, on ports they have', async (t) => {
  // Redis and Postgres are the operator's: selected by the label the README asks them to set.
  const external = (selector: Selector) => selector.matchLabels?.['gwm-datastore'] === 'true'
  t.match(readme, /gwm-datastore: "true"|gwm-datastore=true/, 'the README names the datastores\' label')
  for (const policy of all('NetworkPolicy')) {
    const selector = policy.spec.podSelector as Selector
    const pods = podsOf(selector)
    t.ok(external(selector) || pods.length, `${policy.metadata.name} selects pods`)
    for (const rule of policy.spec.ingress ?? []) {
      for (const peer of rule.from ?? []) if (peer.podSelector) t.ok(external(peer.podSelector) || podsOf(peer.podSelector).length, `${policy.metadata.name}: its peer exists`)
      for (const { port } of rule.ports ?? []) {
        if (typeof port === 'string') t.ok(pods.every((pod) => hasPort(pod, port)), `${policy.metadata.name}: port ${port} exists on its pods`)
      }
    }
  }
  const namespaces = (name: string, port: string) => (find('NetworkPolicy', name)!.spec.ingress as Array<{ from: Array<{ namespaceSelector?: Selector; podSelector?: Selector }>; ports: Array<{ port: string }> }>)
    .filter((rule) => rule.ports.some((p) => p.port === port))
    .flatMap((rule) => rule.from.map((peer) => (peer.podSelector ? 'pods' : peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'])))
  t.same(namespaces('ingest', 'http'), ['ingress-nginx'], 'only the ingress controller reaches the ingest\'s http port')
  // The gateway's /metrics is on its http port: Prometheus reaches that port too.
  t.same(namespaces('gateway', 'http'), ['ingress-nginx', 'monitoring'], 'only the ingress controller and Prometheus reach the gateway')
  const metricsPorts = { gateway: 'http', ingest: 'metrics', worker: 'http' }
  for (const [name, port] of Object.entries(metricsPorts)) {
    const rules = find('NetworkPolicy', name)!.spec.ingress as Array<{ from: unknown[]; ports: Array<{ port: string }> }>
    t.ok(rules.some((rule) => rule.ports.some((p) => p.port === port) && JSON.stringify(rule.from).includes('"monitoring"')), `the monitoring namespace reaches ${name}'s metrics`)
  }
  const datastores = find('NetworkPolicy', 'datastores')!
  const callers = datastores.spec.ingress[0].from[0].podSelector as Selector
  t.same(podsOf(callers).map((w) => w.metadata.name).sort(), ['gateway', 'ingest', 'migrate-latest', 'worker'], 'only our services and the migration reach Redis and Postgres')
  const worker = find('NetworkPolicy', 'worker')!
  t.ok(worker.spec.egress.some((rule: { ports: Array<{ port: number }> }) => rule.ports.some((p) => p.port === 443)), 'the worker reaches GitHub and the platform')
})

t.test('a disruption budget keeps each service up through node drains', async (t) => {
  for (const name of ['gateway', 'ingest', 'worker']) {
    const budget = find('PodDisruptionBudget', name)
    t.same(budget && podsOf(budget.spec.selector).map((w) => w.metadata.name), [name], `${name}'s budget selects its pods`)
    t.ok(budget?.spec.minAvailable >= 1 && find('Deployment', name)!.spec.replicas > budget?.spec.minAvailable, `${name} can lose a pod`)
  }
})

t.test('the migrate Job is named after its image, so each release applies a Job of its own', async (t) => {
  const job = (tag: string) => render({ tag }).find((m) => m.kind === 'Job')!
  t.equal(job('1.4.2').metadata.name, 'migrate-1.4.2')
  t.equal(job('2026.12.06-ab12cd3').metadata.name, 'migrate-2026.12.06-ab12cd3')
  t.equal(containersOf(job('1.4.2'))[0]!.image, 'registry.example.com/gwm-migrate:1.4.2')
  t.match(readme, /migrate-<tag>|migrate-\$TAG|job\/migrate-/, 'the README waits for the release\'s Job by name')
})

t.test('the ServiceMonitor scrapes a metrics port of every service', async (t) => {
  const [monitor, ...more] = all('ServiceMonitor')
  t.equal(more.length, 0)
  const services = all('Service').filter((s) => selects(monitor!.spec.selector, s.metadata.labels ?? {}))
  for (const endpoint of monitor!.spec.endpoints) {
    const scraped = services.filter((s) => s.spec.ports.some((p: { name: string }) => p.name === endpoint.port))
    t.same(scraped.flatMap((s) => podsOf({ matchLabels: s.spec.selector }).map((w) => w.metadata.name)).sort(), ['gateway', 'ingest', 'worker'], `port ${endpoint.port} of each service`)
  }
  // The ingest serves /metrics on METRICS_PORT alone: the scraped port must be that one.
  const ingest = find('Deployment', 'ingest')!
  const metricsPort = Number(containersOf(ingest)[0]!.env.find((e: { name: string }) => e.name === 'METRICS_PORT').value)
  const target = find('Service', 'ingest-metrics')!.spec.ports[0].targetPort
  t.equal(portsOf(ingest).find((p) => p.name === target)?.containerPort, metricsPort, 'the ingest is scraped on METRICS_PORT')
  t.notOk(find('Service', 'ingest')!.spec.ports.some((p: { targetPort: string }) => p.targetPort === target), 'the ingest\'s public Service has no metrics port')
})

t.test('the optional KEDA ScaledObject scales the worker on the backlog of the inbox the ingest writes', async (t) => {
  const scaled = find('ScaledObject', 'worker')!
  t.equal(scaled.spec.scaleTargetRef.name, 'worker')
  t.ok(find('Deployment', 'worker'))
  const stream = scaled.spec.triggers.find((trigger: { type: string }) => trigger.type === 'redis-streams')
  t.equal(stream.metadata.stream, inboxKeys(settings.QUEUE_PREFIX!).stream, 'the inbox stream of QUEUE_PREFIX')
  // With a consumerGroup, KEDA counts XPENDING instead (a batch per worker at most, blind to the
  // backlog); the relay deletes what it stored, so XLEN is the backlog.
  t.notOk(stream.metadata.consumerGroup, 'KEDA counts the stream\'s length, not the group\'s pending entries')
  t.ok(Number(stream.metadata.streamLength) > 0, 'a backlog per worker to aim for')
  t.ok(find('TriggerAuthentication', stream.authenticationRef.name), 'its Redis credentials are defined')
  t.notOk(find('HorizontalPodAutoscaler', 'worker'), 'the component removes the CPU-only autoscaler KEDA replaces')
  t.ok(render().some((m) => m.kind === 'HorizontalPodAutoscaler' && m.metadata.name === 'worker'), 'without it, the base keeps its own')
  t.notOk(render().some((m) => m.kind === 'ScaledObject' || m.kind === 'ServiceMonitor'), 'the base needs no CRD')
})

// kubectl's built-in kustomize, where it is installed: its build is ours.
const kubectl = (() => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()
t.test('kubectl kustomize builds the same objects, with the components uncommented as the README says', { skip: kubectl ? false : 'kubectl is not on the PATH' }, async (t) => {
  const copy = mkdtempSync(join(tmpdir(), 'gwm-k8s-'))
  t.teardown(() => rmSync(copy, { recursive: true, force: true }))
  cpSync(k8sDir, copy, { recursive: true })
  const kustomization = join(copy, 'kustomization.yaml')
  const uncommented = readFileSync(kustomization, 'utf8').replace(/^# (components:)$/m, '$1').replace(/^# {3}(- components\/)/gm, '  $1')
  t.equal(uncommented.match(/^ {2}- components\//gm)?.length, componentDirs().length, 'the base lists every component, commented')
  writeFileSync(kustomization, uncommented)
  const built = parseAllDocuments(execFileSync('kubectl', ['kustomize', copy], { encoding: 'utf8' })).map((doc) => doc.toJS() as Manifest)
  const names = (list: Manifest[]) => list.map((m) => `${m.kind}/${m.metadata.name}`).sort()
  t.same(names(built), names(objects))
  t.ok(built.every((m) => m.kind === 'Namespace' || (m.metadata as { namespace?: string }).namespace === 'gwm'), 'everything lands in the gwm namespace')
})
