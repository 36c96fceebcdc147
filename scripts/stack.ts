// `npm start`: the whole local stack, each part its own process with prefixed log lines:
// GitHub simulator, platform receiver, migrations, then gateway, ingest and worker.
// `npm start -- --github-app`: the same in GitHub App mode, as the simulator's App gwm-local.
// Ctrl-C stops everything within 10 s.
import type { ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { ensureBackingServices } from './stack/backing-services.ts'
import { ensureConsoleBuilt } from './stack/console-build.ts'
import { type AppModeEnv, installPageUrl, LOCAL_APP_SLUG, seedForCallback, setUpSimulatorApp } from './stack/github-app.ts'
import { localEnv } from './stack/local-env.ts'
import { SERVICE_NODE_OPTIONS } from '../packages/runtime/src/node-options.ts'
import { stackPorts } from './stack/ports.ts'
import { type ProcessSpec, startProcess, stopAll } from './stack/processes.ts'
import { registerOAuthApp } from './stack/simulator-setup.ts'
import { waitForHttp } from './stack/wait.ts'

const root = join(import.meta.dirname, '..')
const ports = stackPorts()
const githubApp = process.argv.includes('--github-app')
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

const pushExample = (simUrl: string, body: string) => `curl -XPOST ${simUrl}/_sim/repos/octocat/hello-world/push \\
       -H 'content-type: application/json' -d '${body}'`

const oauthNextSteps = (simUrl: string) => `
Next: run the tour in another terminal — npm run demo — or by hand:
  1. open http://localhost:${ports.gateway}/ and sign in (the simulator lets you pick octocat, hubot or monalisa)
  2. Repositories: connect octocat/hello-world (or POST /api/repos/octocat/hello-world/setup-webhook, see /docs)
  3. push on the simulator: ${pushExample(simUrl, '{"commits":[{"message":"ship it"}]}')}
  4. watch the event arrive on the console's Events page, and http://localhost:${ports.platform}/
Or skip GitHub: npm run send -- push signs one of GitHub's example deliveries and sends it to the ingest.`

const appNextSteps = (simUrl: string) => `
Next: run the tour in another terminal — npm run demo -- --github-app — or by hand:
  1. open http://localhost:${ports.gateway}/ and sign in (through the App)
  2. install the App on octocat/hello-world: ${installPageUrl(ports.github)}
  3. POST /api/repos/octocat/hello-world/setup-webhook answers {"mode":"app","installationId":…} (see /docs)
  4. push on the simulator: ${pushExample(simUrl, '{"commits":[{"message":"ship it","files":{"hello.txt":"hi\\n"}}]}')}
  5. watch http://localhost:${ports.platform}/ (the callback has repository.cloneUrl and installationId)
  6. the platform's token for the code: POST /api/repos/octocat/hello-world/access-token
     with Authorization: Bearer $PLATFORM_API_TOKEN (.data/local-secrets.json unless you set it)`

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
  const env: NodeJS.ProcessEnv = { ...localEnv(root, ports, backing), NODE_OPTIONS: SERVICE_NODE_OPTIONS }
  const simUrl = `http://127.0.0.1:${ports.github}`
  const usesSimulator = env.GITHUB_URL === simUrl
  const usesReceiver = env.DEPLOY_PLATFORM_URL?.startsWith(`http://127.0.0.1:${ports.platform}/`) ?? false
  if (githubApp && !usesSimulator) {
    throw new Error(`--github-app runs the stack as the simulator's App, but GITHUB_URL is ${env.GITHUB_URL}: for a GitHub App of your own, set the GITHUB_APP_* variables (README: GitHub App mode) and run npm start without --github-app`)
  }
  if (githubApp) {
    // Set below from the simulator's App, and each service gets only the ones it reads.
    for (const name of Object.keys(env)) if (name.startsWith('GITHUB_APP_')) delete env[name]
  }

  // Built while the simulator and the migrations start; the gateway serves it (CONSOLE_DIR: one built elsewhere).
  const consoleBuilt = env.CONSOLE_DIR ? Promise.resolve() : ensureConsoleBuilt(root, env)
  consoleBuilt.catch(() => {}) // awaited below, before the gateway starts

  const seed = usesSimulator && githubApp ? seedForCallback(root, env.REDIRECT_URI!, ports.github) : undefined
  if (usesSimulator) {
    start({ name: 'github', cwd: join(root, 'packages/github-sim'), args: ['src/main.ts'], env: { ...env, PORT: String(ports.github), ...(seed ? { SEED: seed } : {}) }, colour: 32 })
  }
  if (usesReceiver) {
    start({ name: 'platform', cwd: join(root, 'packages/testkit'), args: ['src/platform-receiver-main.ts'], env: { ...env, PORT: String(ports.platform) }, colour: 34 })
  }

  const migrate = start({ name: 'migrate', cwd: join(root, 'packages/domain'), args: ['scripts/migrate.ts'], env, colour: 90 })
  const migrated = await new Promise<number | null>((resolve) => migrate.on('exit', resolve))
  if (migrated !== 0) throw new Error('migrations failed: see the lines above')

  let app: AppModeEnv | undefined
  if (usesSimulator) {
    await waitForHttp('the GitHub simulator', `${simUrl}/`)
    if (seed) rmSync(seed, { force: true }) // read once at its start
    // App mode signs users in with the App's own client id: no OAuth app is registered then.
    if (githubApp) app = await setUpSimulatorApp(simUrl, env.WEBHOOK_URL!)
    else await registerOAuthApp(simUrl, env)
  }
  if (usesReceiver) await waitForHttp('the platform receiver', `http://127.0.0.1:${ports.platform}/`)

  await consoleBuilt
  const services = [
    { name: 'gateway', port: ports.gateway, colour: 36 },
    { name: 'ingest', port: ports.ingest, colour: 35 },
    { name: 'worker', port: ports.worker, colour: 33 },
  ] as const
  for (const service of services) {
    const appEnv = app ? { ...app.shared, ...app[service.name] } : {}
    start({ name: service.name, cwd: join(root, 'services', service.name), args: ['src/main.ts'], env: { ...env, ...appEnv, PORT: String(service.port) }, colour: service.colour })
  }
  for (const service of services) await waitForHttp(service.name, `http://127.0.0.1:${service.port}/readyz`)

  console.log(`
GitHub Webhook Manager is up.
  open http://localhost:${ports.gateway}/        the console: sign in, connect a repository, watch its events${app ? `
  mode        GitHub App mode, as the simulator's App ${LOCAL_APP_SLUG}` : ''}
  gateway     http://localhost:${ports.gateway}        API docs: http://localhost:${ports.gateway}/docs
  operators   http://localhost:${ports.gateway}/admin        ${env.PASSWORD ? 'queues, inbox, failed deliveries (basic auth with PASSWORD)' : 'off: set PASSWORD (in .env) to turn them on'}
  ingest      http://localhost:${ports.ingest}        GitHub deliveries: POST /api/webhook
  worker      http://localhost:${ports.worker}        /readyz, /metrics${usesSimulator ? `
  GitHub      ${simUrl}        the simulator (signs you in as octocat)` : ''}${usesReceiver ? `
  platform    http://localhost:${ports.platform}        what the deployment platform received` : ''}
${app ? appNextSteps(simUrl) : oauthNextSteps(simUrl)}
Press Ctrl-C to stop.
`)
} catch (error) {
  console.error(`stack: ${error instanceof Error ? error.message : String(error)}`)
  await stop(1)
}
