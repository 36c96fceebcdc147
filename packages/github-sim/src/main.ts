// Standalone simulator: `node packages/github-sim/src/main.ts` (PORT default 9000, SEED = a seed JSON file).
import { startGitHubSim } from './start.ts'

function fromEnv(env: NodeJS.ProcessEnv) {
  const port = Number(env.PORT ?? 9000)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`github-sim: PORT must be a port number, got "${env.PORT}"`)
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    ...(env.SEED ? { seed: env.SEED } : {}),
    ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}),
    // Query strings are left out of logs: OAuth requests can carry codes and secrets there.
    logger: { level: env.LOG_LEVEL ?? 'info', serializers: { req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url.split('?')[0] }) } },
  }
}

let sim: Awaited<ReturnType<typeof startGitHubSim>>
try {
  sim = await startGitHubSim(fromEnv(process.env))
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}
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
