// Standalone simulator: `node packages/github-sim/src/main.ts` (PORT default 9000, SEED = a seed JSON file).
import { loadSeedFile } from './seed.ts'

/** Reads the environment once; a bad value exits before the server code is even loaded. */
function fromEnv(env: NodeJS.ProcessEnv) {
  const port = Number(env.PORT ?? 9000)
  if (!/^\d+$/.test(env.PORT ?? '9000') || port > 65535) throw new Error(`github-sim: PORT must be a port number, got "${env.PORT}"`)
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    seed: env.SEED ? loadSeedFile(env.SEED) : loadSeedFile(),
    ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}),
    // Query strings are left out of logs: OAuth requests can carry codes and secrets there.
    logger: { level: env.LOG_LEVEL ?? 'info', serializers: { req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url.split('?')[0] }) } },
  }
}

let options: ReturnType<typeof fromEnv>
try {
  options = fromEnv(process.env)
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}

const { startGitHubSim } = await import('./start.ts')
const sim = await startGitHubSim(options).catch((error: Error) => {
  console.error(`github-sim: cannot start: ${error.message}`)
  process.exit(1)
})
console.log(`github-sim: listening on ${sim.url} (REST ${sim.apiUrl}, control ${sim.url}/_sim)`)

let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  const timer = setTimeout(() => process.exit(1), 5_000)
  timer.unref()
  await sim.close()
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())
