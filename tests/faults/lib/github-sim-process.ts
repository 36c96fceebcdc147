import { spawn } from 'node:child_process'
import { closedPort, type TestLike } from '@gwm/testkit'
import { type LogBook, until } from './processes.ts'

/** A delivery as the simulator's control API summarizes it. */
export interface SimDelivery {
  id: number
  guid: string
  hookId: number
  event: string
  statusCode: number
  status: string
  redelivery: boolean
}

/**
 * The GitHub simulator as a process of its own (as the stack runs it), driven through its
 * /_sim control API: what GitHub does (pushes, installations) and what it recorded (deliveries).
 */
export async function startGitHubSimProcess(t: TestLike, logs: LogBook) {
  const port = await closedPort()
  const url = `http://127.0.0.1:${port}`
  const proc = spawn(process.execPath, ['packages/github-sim/src/main.ts'], {
    cwd: new URL('../../../', import.meta.url).pathname,
    env: { PATH: process.env.PATH, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  logs.capture('github-sim', proc)
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
  t.teardown(async () => {
    proc.kill('SIGTERM')
    await exited
  })
  await until(async () => (await fetch(`${url}/_sim/stats`).catch(() => undefined))?.ok, 30_000, 'github-sim up', 50)

  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${url}/_sim${path}`, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) })
    if (!res.ok) throw new Error(`github-sim ${method} ${path}: ${res.status} ${await res.text()}`)
    return (res.status === 204 ? undefined : await res.json()) as T
  }
  return {
    url,
    apiUrl: `${url}/api/v3`,
    app: (slug: string) => call<{ id: number; privateKey: string; hookId: number }>('GET', `/apps/${slug}`),
    editApp: (slug: string, edit: { webhookUrl?: string; webhookSecret?: string }) => call('PATCH', `/apps/${slug}`, edit),
    install: (slug: string, input: { account: string; repositories: string[] }) => call<{ id: number; deliveries: SimDelivery[] }>('POST', `/apps/${slug}/installations`, input),
    push: (repo: string, input: { branch: string; commits: Array<{ message: string }>; undelivered?: boolean }) => call<{ after: string; deliveries: SimDelivery[] }>('POST', `/repos/${repo}/push`, input),
    deliveries: (guid: string) => call<SimDelivery[]>('GET', `/deliveries?guid=${encodeURIComponent(guid)}`),
    idle: () => call('POST', '/idle'),
  }
}
