import { readFileSync } from 'node:fs'
import t from 'tap'
import { parse } from 'yaml'

// Every URL in the compose file must lead somewhere from wherever it is opened: a container
// reaches another by service name (localhost is its own network namespace), a browser on the
// host reaches only ports published on localhost. Checked with the defaults, no .env.
interface ComposeService {
  build?: unknown
  image?: string
  ports?: string[]
  network_mode?: string
  environment?: Record<string, string | number>
  healthcheck?: { test?: string[] }
}
const compose = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>
}
const services = compose.services
const dockerfile = readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8')

/** Who opens a URL other than the container it is configured in. */
const OPENED_BY: Record<string, string[]> = {
  'gateway.REDIRECT_URI': ['browser'],
  'gateway.FRONTEND_URL': ['browser'],
  // Handed to GitHub, which delivers there.
  'gateway.WEBHOOK_URL': ['github-sim'],
  // The sign-in page for the browser, the code exchange for the gateway.
  'gateway.GITHUB_URL': ['browser', 'gateway'],
  // The simulator's links in payloads and API answers.
  'github-sim.PUBLIC_URL': ['browser', 'gateway'],
}
const IMAGE_PORTS: Record<string, number> = { postgres: 5432, redis: 6379 }
const SCHEME_PORTS: Record<string, number> = { http: 80, https: 443, postgres: 5432, postgresql: 5432, redis: 6379 }
const LOCAL = new Set(['localhost', '127.0.0.1'])

/** The value compose uses when the variable is not set: the default, or a placeholder. */
const withDefaults = (value: string) => value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1').replace(/\$\{[A-Z_]+(?::\?[^}]*)?\}/g, 'x')

function urlsIn(text: string) {
  return [...text.matchAll(/\b([a-z]+):\/\/(?:[^@/\s'"]*@)?([A-Za-z0-9.-]+)(?::(\d+))?/g)].map(([url, scheme, host, port]) => ({
    url: url!,
    host: host!,
    port: port ? Number(port) : SCHEME_PORTS[scheme!]!,
  }))
}

/** Whose network namespace a service's container runs in. */
const namespaceOf = (name: string) => services[name]?.network_mode?.match(/^service:(.+)$/)?.[1] ?? name
const dockerfileHost = dockerfile.match(/\bHOST=(\S+)/)?.[1]
const imageName = (service: ComposeService) => service.image?.split(':')[0]?.split('/').pop() ?? ''

/** Services listening on this port on every interface, in this namespace (any, if omitted). */
function listeners(port: number, namespace?: string) {
  return Object.entries(services).filter(([name, service]) => {
    const env = service.environment ?? {}
    const listensOn = env.PORT !== undefined ? Number(env.PORT) : IMAGE_PORTS[imageName(service)]
    const host = String(env.HOST ?? (service.build ? dockerfileHost : '0.0.0.0'))
    return listensOn === port && host === '0.0.0.0' && (namespace === undefined || namespaceOf(name) === namespace)
  })
}

/** Why `from` cannot open host:port, or null when it can. */
function unreachable(from: string, host: string, port: number): string | null {
  if (from === 'browser') {
    if (!LOCAL.has(host)) return 'a browser on the host reaches localhost only'
    const published = Object.entries(services).flatMap(([name, service]) =>
      (service.ports ?? []).map((mapping) => mapping.split(':').map(Number)).filter(([hostPort]) => hostPort === port).map(([, inside]) => listeners(inside!, namespaceOf(name))),
    )
    return published.some((found) => found.length > 0) ? null : `no service publishes port ${port} with something listening behind it`
  }
  if (LOCAL.has(host)) return listeners(port, namespaceOf(from)).length > 0 ? null : `nothing in ${from}'s network namespace listens on ${port}`
  const target = services[host]
  if (!target) return `${host} is not a compose service`
  if (target.network_mode) return `${host} has no name on the network (it runs in ${target.network_mode})`
  return listeners(port, host).length > 0 ? null : `${host} does not listen on ${port}`
}

const openings = Object.entries(services).flatMap(([name, service]) => [
  ...Object.entries(service.environment ?? {}).flatMap(([variable, value]) =>
    urlsIn(withDefaults(String(value))).flatMap((url) => (OPENED_BY[`${name}.${variable}`] ?? [name]).map((from) => ({ where: `${name}.${variable}`, from, ...url }))),
  ),
  ...urlsIn((service.healthcheck?.test ?? []).join(' ')).map((url) => ({ where: `${name} healthcheck`, from: name, ...url })),
])

t.test('every URL leads to a listener from where it is opened', async (t) => {
  t.ok(openings.length >= 15, `${openings.length} URLs checked`)
  for (const { where, from, url, host, port } of openings) {
    t.equal(unreachable(from, host, port), null, `${where}: ${url} opened by ${from === 'browser' ? 'the browser' : from}`)
  }
})

t.test('the classification covers every variable it names', async (t) => {
  for (const key of Object.keys(OPENED_BY)) {
    const [name, variable] = key.split('.')
    t.ok(services[name!]?.environment?.[variable!] !== undefined, `${key} is in the compose file`)
  }
})

t.test('the check catches the mismatches it is there for', async (t) => {
  t.match(unreachable('worker', 'localhost', 9001), /nothing in worker's network namespace/, 'localhost inside a container is that container')
  t.match(unreachable('browser', 'platform', 9001), /localhost only/, 'a service name means nothing to the browser')
  t.match(unreachable('gateway', 'github-sim', 9000), /no name on the network/, 'the simulator is reached through the gateway\'s namespace')
  t.match(unreachable('worker', 'platform', 9002), /does not listen on 9002/)
  t.match(unreachable('browser', 'localhost', 8002), /no service publishes port 8002/, 'the worker is not published')
})
