import { spawn } from 'node:child_process'
import { closedPort } from '@gwm/testkit'
import type { Test } from 'tap'

const ROOT = new URL('../../../../', import.meta.url).pathname

/**
 * The ingest as a real process on a free port, given the variables it shares with the gateway
 * (REDIS_URL, QUEUE_PREFIX, SECRETS_KEY): what GitHub's deliveries meet in production. The port
 * is chosen first, so the gateway can be given WEBHOOK_URL before the ingest starts.
 */
export async function ingestProcess(t: Test) {
  const port = await closedPort()
  const url = `http://127.0.0.1:${port}`
  return {
    webhookUrl: `${url}/api/webhook`,
    async start(env: Record<string, string>) {
      const child = spawn(process.execPath, ['services/ingest/src/main.ts'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, ...env, PORT: String(port), HOST: '127.0.0.1', SECRET_CACHE_TTL_MS: '0', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'ignore', 'inherit'],
      })
      t.teardown(() => void child.kill('SIGKILL'))
      for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
        if (child.exitCode !== null) throw new Error(`the ingest exited (${child.exitCode}) before it was ready`)
        const res = await fetch(`${url}/readyz`).catch(() => undefined)
        if (res?.status === 200) return
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      throw new Error('the ingest was not ready within 30 s')
    },
  }
}
