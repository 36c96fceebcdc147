import { createHmac, randomBytes, randomUUID } from 'node:crypto'
import { sign } from '@octokit/webhooks-methods'
import { request } from 'undici'
import { isoSeconds } from '../git.ts'
import type { Delivery, Hook, Repo } from '../model.ts'
import type { Store } from '../store.ts'

const HOOKSHOT = `GitHub-Hookshot/${randomBytes(4).toString('hex').slice(0, 7)}`
const MAX_RESPONSE_BYTES = 64 * 1024

/** What went out and what came back, as the deliveries API reports it. */
interface Outcome {
  statusCode: number
  status: string
  headers: Record<string, string>
  payload: string | null
}

async function post(url: string, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<Outcome> {
  try {
    const res = await request(url, { method: 'POST', headers, body, signal })
    const text = await res.body.text()
    const responseHeaders = Object.fromEntries(Object.entries(res.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]))
    const ok = res.statusCode >= 200 && res.statusCode < 300
    return { statusCode: res.statusCode, status: ok ? 'OK' : `Invalid HTTP Response: ${res.statusCode}`, headers: responseHeaders, payload: text.slice(0, MAX_RESPONSE_BYTES) }
  } catch (error) {
    const err = error as Error & { code?: string; cause?: { code?: string } }
    const timedOut = err.name === 'TimeoutError' || err.name === 'AbortError'
    const code = err.code ?? err.cause?.code
    const status = timedOut ? 'timed out' : code === 'ECONNREFUSED' ? 'failed to connect to host' : `We couldn't deliver this payload: ${err.message}`
    return { statusCode: 0, status, headers: {}, payload: null }
  }
}

/** Sends webhook deliveries like GitHub: signed, GitHub's headers, recorded for the deliveries API. */
export class Sender {
  private readonly pending = new Set<Promise<unknown>>()
  private readonly closing = new AbortController()
  private readonly store: Store
  private readonly timeoutMs: () => number

  constructor(store: Store, timeoutMs: () => number) {
    this.store = store
    this.timeoutMs = timeoutMs
  }

  /** Sends to every active hook of the repo subscribed to the event (`*` means all). */
  dispatch(repo: Repo, event: string, payload: Record<string, unknown>): Promise<Delivery[]> {
    const hooks = [...repo.hooks.values()].filter((hook) => hook.active && (hook.events.includes(event) || hook.events.includes('*')))
    return Promise.all(hooks.map((hook) => this.send(repo, hook, event, payload)))
  }

  /** One delivery to one hook (pings go out even to hooks not subscribed to `ping`). */
  send(repo: Repo, hook: Hook, event: string, payload: Record<string, unknown>, redeliveryOf?: Delivery): Promise<Delivery> {
    const task = this.deliver(repo, hook, event, payload, redeliveryOf)
    this.pending.add(task)
    void task.finally(() => this.pending.delete(task))
    return task
  }

  /** Aborts deliveries in flight (they are recorded as failed) and waits for them. */
  async close(): Promise<void> {
    this.closing.abort()
    await this.idle()
  }

  /** Resolves once every delivery started so far has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending])
  }

  private async deliver(repo: Repo, hook: Hook, event: string, payload: Record<string, unknown>, redeliveryOf?: Delivery): Promise<Delivery> {
    const guid = redeliveryOf?.guid ?? randomUUID()
    const json = JSON.stringify(payload)
    const body = hook.config.content_type === 'form' ? `payload=${encodeURIComponent(json)}` : json
    const headers: Record<string, string> = {
      Accept: '*/*',
      'Content-Type': hook.config.content_type === 'form' ? 'application/x-www-form-urlencoded' : 'application/json',
      'User-Agent': HOOKSHOT,
      'X-GitHub-Delivery': guid,
      'X-GitHub-Event': event,
      'X-GitHub-Hook-ID': String(hook.id),
      'X-GitHub-Hook-Installation-Target-ID': String(repo.id),
      'X-GitHub-Hook-Installation-Target-Type': 'repository',
    }
    if (hook.config.secret) {
      headers['X-Hub-Signature'] = `sha1=${createHmac('sha1', hook.config.secret).update(body).digest('hex')}`
      headers['X-Hub-Signature-256'] = await sign(hook.config.secret, body)
    }
    const started = performance.now()
    const deliveredAt = isoSeconds(new Date())
    const signal = AbortSignal.any([AbortSignal.timeout(this.timeoutMs()), this.closing.signal])
    const outcome = await post(hook.config.url, headers, body, signal)
    const delivery: Delivery = {
      id: this.store.nextId('delivery'),
      guid,
      hookId: hook.id,
      repoId: repo.id,
      event,
      action: typeof payload.action === 'string' ? payload.action : null,
      deliveredAt,
      redelivery: redeliveryOf !== undefined,
      duration: Math.round(performance.now() - started) / 1000,
      status: outcome.status,
      statusCode: outcome.statusCode,
      url: hook.config.url,
      request: { headers, payload },
      response: { headers: outcome.headers, payload: outcome.payload },
    }
    this.store.deliveries.push(delivery)
    const ok = outcome.statusCode >= 200 && outcome.statusCode < 300
    hook.lastResponse = { code: outcome.statusCode || null, status: ok ? 'active' : 'failed', message: outcome.status }
    return delivery
  }
}
