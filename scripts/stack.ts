// `npm start`: the whole local stack, each part its own process with prefixed log lines:
// GitHub simulator, platform receiver, migrations, then gateway, ingest and worker.
// Ctrl-C stops everything within 10 s.
import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { ensureBackingServices } from './stack/backing-services.ts'
import { localEnv } from './stack/local-env.ts'
import { stackPorts } from './stack/ports.ts'
import { type ProcessSpec, startProcess, stopAll } from './stack/processes.ts'
import { registerOAuthApp } from './stack/simulator-setup.ts'
import { waitForHttp } from './stack/wait.ts'

const root = join(import.meta.dirname, '..')
const ports = stackPorts()
const children: ChildProcess[] = []
let stopping = false
let stopBacking = async () => {}

let stopped: Promise<never> | undefined
// A Ctrl-C reaches this process from the terminal and again from each wrapper above it (npm,
// the toolchain script): the first one stops the stack, the repeats wait for that to finish.
function stop(code: number): Promise<never> {
  stopped ??= (async () => {
    stopping = true
    console.log('stack: stopping…')
    await stopAll(children, 8_000)
    await stopBacking()
    process.exit(code)
  })()
  return stopped
}
process.on('SIGINT', () => void stop(0))
process.on('SIGTERM', () => void stop(0))

function start(spec: Omit<ProcessSpec, 'env'> & { env: NodeJS.ProcessEnv }): ChildProcess {
  const child = startProcess(spec)
  child.on('exit', (code, signal) => {
    if (stopping || spec.name === 'migrate') return
    console.error(`stack: ${spec.name} exited (${signal ?? code}); stopping the stack`)
    void stop(1)
  })
  children.push(child)
  return child
}

try {
  const backing = await ensureBackingServices(root)
  stopBacking = backing.stop
  const env: NodeJS.ProcessEnv = { ...localEnv(root, ports, backing), NODE_OPTIONS: '--disable-warning=ExperimentalWarning' }
  const simUrl = `http://127.0.0.1:${ports.github}`
  const usesSimulator = env.GITHUB_URL === simUrl
  const usesReceiver = env.DEPLOY_PLATFORM_URL?.startsWith(`http://127.0.0.1:${ports.platform}/`) ?? false

  if (usesSimulator) {
    start({ name: 'github', cwd: join(root, 'packages/github-sim'), args: ['src/main.ts'], env: { ...env, PORT: String(ports.github) }, colour: 32 })
  }
  if (usesReceiver) {
    start({ name: 'platform', cwd: join(root, 'packages/testkit'), args: ['src/platform-receiver-main.ts'], env: { ...env, PORT: String(ports.platform) }, colour: 34 })
  }

  const migrate = start({ name: 'migrate', cwd: join(root, 'packages/domain'), args: ['scripts/migrate.ts'], env, colour: 90 })
  const migrated = await new Promise<number | null>((resolve) => migrate.on('exit', resolve))
  if (migrated !== 0) throw new Error('migrations failed: see the lines above')

  if (usesSimulator) {
    await waitForHttp('the GitHub simulator', `${simUrl}/`)
    await registerOAuthApp(simUrl, env)
  }
  if (usesReceiver) await waitForHttp('the platform receiver', `http://127.0.0.1:${ports.platform}/`)

  const services = [
    { name: 'gateway', port: ports.gateway, colour: 36 },
    { name: 'ingest', port: ports.ingest, colour: 35 },
    { name: 'worker', port: ports.worker, colour: 33 },
  ]
  for (const service of services) {
    start({ name: service.name, cwd: join(root, 'services', service.name), args: ['src/main.ts'], env: { ...env, PORT: String(service.port) }, colour: service.colour })
  }
  for (const service of services) await waitForHttp(service.name, `http://127.0.0.1:${service.port}/readyz`)

  console.log(`
GitHub Webhook Manager is up.
  gateway     http://localhost:${ports.gateway}        API docs: http://localhost:${ports.gateway}/docs
  ingest      http://localhost:${ports.ingest}        GitHub deliveries: POST /api/webhook
  worker      http://localhost:${ports.worker}        /readyz, /metrics${usesSimulator ? `
  GitHub      ${simUrl}        the simulator (signs you in as octocat)` : ''}${usesReceiver ? `
  platform    http://localhost:${ports.platform}        what the deployment platform received` : ''}

Next: run the tour in another terminal — npm run demo — or by hand:
  1. open http://localhost:${ports.gateway}/auth/login (you come back signed in)
  2. POST /api/repos/octocat/hello-world/setup-webhook (see /docs)
  3. push on the simulator: curl -XPOST ${simUrl}/_sim/repos/octocat/hello-world/push \\
       -H 'content-type: application/json' -d '{"commits":[{"message":"ship it"}]}'
  4. watch http://localhost:${ports.platform}/ and GET /api/events
Press Ctrl-C to stop.
`)
} catch (error) {
  console.error(`stack: ${error instanceof Error ? error.message : String(error)}`)
  await stop(1)
}
