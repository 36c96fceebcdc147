// `npm start`: the whole local stack, each service its own process, logs prefixed.
// Ctrl-C stops everything within 10 s.
import { type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { ensureBackingServices } from './stack/backing-services.ts'
import { localEnv, PORTS } from './stack/local-env.ts'
import { startProcess, stopAll } from './stack/processes.ts'

const root = join(import.meta.dirname, '..')
const children: ChildProcess[] = []
let stopping = false

async function stop(code: number) {
  if (stopping) return
  stopping = true
  console.log('stack: stopping…')
  await stopAll(children, 8_000)
  await backing.stop()
  process.exit(code)
}
process.on('SIGINT', () => void stop(0))
process.on('SIGTERM', () => void stop(0))

const backing = await ensureBackingServices(root)
const env = localEnv(root, backing)

const services = [
  { name: 'gateway', port: PORTS.gateway, colour: 36 },
  { name: 'ingest', port: PORTS.ingest, colour: 35 },
  { name: 'worker', port: PORTS.worker, colour: 33 },
]

const migrate = startProcess({ name: 'migrate', cwd: join(root, 'packages/domain'), args: ['scripts/migrate.ts'], env, colour: 90 })
const migrated = await new Promise<number>((resolve) => migrate.on('exit', (code) => resolve(code ?? 1)))
if (migrated !== 0) {
  console.error('stack: migrations failed; see the lines above')
  await stop(1)
}

for (const service of services) {
  const child = startProcess({
    name: service.name,
    cwd: join(root, 'services', service.name),
    args: ['src/main.ts'],
    env: { ...env, PORT: String(service.port) },
    colour: service.colour,
  })
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`stack: ${service.name} exited (${signal ?? code}); stopping the stack`)
      void stop(1)
    }
  })
  children.push(child)
}

console.log(`
GitHub Webhook Manager is starting:
  gateway   http://localhost:${PORTS.gateway}   (API docs at /docs)
  ingest    http://localhost:${PORTS.ingest}    (GitHub webhooks: POST /api/webhook)
  worker    http://localhost:${PORTS.worker}    (health and metrics)
Press Ctrl-C to stop.
`)
