import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { closedPort, createTestDatabase, createTestRedis } from '@gwm/testkit'
import t from 'tap'
import { runTour } from '../demo/tour.ts'
import { answers } from '../stack/backing-services.ts'

// The scripted tour against the very processes `npm start` launches: GitHub simulator,
// platform receiver, migrations, gateway, ingest and worker, each its own process.
t.test('npm start brings the stack up, the tour works end to end, Ctrl-C stops it all', async (t) => {
  const db = await createTestDatabase(t)
  const redis = await createTestRedis(t)
  const ports = { gateway: await closedPort(), ingest: await closedPort(), worker: await closedPort(), github: await closedPort(), platform: await closedPort() }

  const output: string[] = []
  const stack = spawn(process.execPath, [join(import.meta.dirname, '..', 'stack.ts')], {
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: redis.prefix,
      LOG_LEVEL: 'info',
      GATEWAY_PORT: String(ports.gateway),
      INGEST_PORT: String(ports.ingest),
      WORKER_PORT: String(ports.worker),
      GITHUB_SIM_PORT: String(ports.github),
      PLATFORM_PORT: String(ports.platform),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  stack.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()))
  stack.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()))
  const exited = new Promise<number | null>((resolve) => stack.on('exit', (code) => resolve(code)))
  t.teardown(() => {
    if (stack.exitCode === null) stack.kill('SIGKILL')
  })

  const up = await Promise.race([
    new Promise<boolean>((resolve) => {
      const check = setInterval(() => {
        if (output.join('').includes('GitHub Webhook Manager is up.')) {
          clearInterval(check)
          resolve(true)
        }
      }, 100)
    }),
    exited.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 60_000)),
  ])
  if (!up) t.fail(`the stack did not come up:\n${output.join('').slice(-4000)}`)
  t.ok(up, 'the stack printed its URLs')

  const steps: string[] = []
  const result = await runTour(
    { gateway: `http://localhost:${ports.gateway}`, github: `http://127.0.0.1:${ports.github}`, platform: `http://127.0.0.1:${ports.platform}` },
    (step) => steps.push(step),
  )
  t.equal(result.login, 'octocat', 'signed in through the simulator')
  t.ok(result.hookId > 0, 'the repository is connected')
  t.equal(result.callback.type, 'deployment.requested')
  t.match(JSON.stringify(result.callback.data), result.pushedSha, 'the callback names the pushed commit')
  t.ok(result.deliveryId, 'the push is listed by /api/events')

  const logs = output.join('')
  t.notMatch(logs, /octocat-token|gwm-local-client-secret/, 'no token or client secret in any log line')

  const stopping = Date.now()
  stack.kill('SIGINT')
  await exited
  t.ok(Date.now() - stopping < 10_000, 'stopped within 10 s')
  for (const [name, port] of Object.entries(ports)) t.notOk(await answers(port), `${name} is no longer listening`)
})
