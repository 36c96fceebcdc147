import { createHmac, randomBytes, randomUUID } from 'node:crypto'
import { sign } from '@octokit/webhooks-methods'
import { request } from 'undici'
import { isoSeconds } from '../git.ts'
import type { App, Delivery, Hook, Installation, Repo } from '../model.ts'
import { nodeId } from '../shapes/account.ts'
import { Store } from '../store.ts'

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

/** Where a delivery goes: a repository hook, or a GitHub App's webhook (for one installation). */
interface Target {
  hookId: number
  url: string
  contentType: 'json' | 'form'
  secret: string | null
  /** X-GitHub-Hook-Installation-Target-Type / -ID: the repository, or the App (`integration`). */
  targetType: 'repository' | 'integration'
  targetId: number
  repoId: number | null
  installationId: number | null
  /** Repository hooks keep their last response (the REST `last_response`). */
  hook?: Hook
}

const repoTarget = (repo: Repo, hook: Hook): Target => ({
  hookId: hook.id, url: hook.config.url, contentType: hook.config.content_type, secret: hook.config.secret ?? null,
  targetType: 'repository', targetId: repo.id, repoId: repo.id, installationId: null, hook,
})

/** The App's webhook as a target; null while the App has no webhook URL (GitHub: an inactive webhook). */
function appTarget(app: App, installation: Installation | null, repoId: number | null): Target | null {
  if (!app.webhook.url) return null
  return {
    hookId: app.hookId, url: app.webhook.url, contentType: app.webhook.contentType, secret: app.webhook.secret,
    targetType: 'integration', targetId: app.id, repoId, installationId: installation?.id ?? null,
  }
}

/** Sends webhook deliveries like GitHub: signed, GitHub's headers, recorded for the deliveries APIs. */
export class Sender {
  private readonly pending = new Set<Promise<unknown>>()
  private readonly closing = new AbortController()
  private readonly store: Store
  private readonly timeoutMs: () => number

  constructor(store: Store, timeoutMs: () => number) {
    this.store = store
    this.timeoutMs = timeoutMs
  }

  /**
   * An event on a repository: to every active hook of the repo subscribed to it (`*` means all),
   * and to the webhook of every App installed on it (not suspended, subscribed to the event), with
   * `installation` in the payload.
   */
  dispatch(repo: Repo, event: string, payload: Record<string, unknown>): Promise<Delivery[]> {
    const hooks = [...repo.hooks.values()].filter((hook) => hook.active && (hook.events.includes(event) || hook.events.includes('*')))
    const sends = hooks.map((hook) => this.send(repoTarget(repo, hook), event, payload))
    for (const app of this.store.githubApps.values()) {
      const installation = this.store.installationOn(app.id, repo.owner)
      if (!installation || installation.suspendedAt !== null || !Store.covers(installation, repo) || !app.events.includes(event)) continue
      const target = appTarget(app, installation, repo.id)
      if (target) sends.push(this.send(target, event, { ...payload, installation: { id: installation.id, node_id: nodeId('Installation', installation.id) } }))
    }
    return Promise.all(sends)
  }

  /** An App event (`installation`, `installation_repositories`): to the App's webhook only. */
  async toApp(app: App, installation: Installation, event: string, payload: Record<string, unknown>, repoId: number | null = null): Promise<Delivery[]> {
    const target = appTarget(app, installation, repoId)
    return target ? [await this.send(target, event, payload)] : []
  }

  /** A ping to one repository hook (pings go out even to hooks not subscribed to `ping`). */
  ping(repo: Repo, hook: Hook, payload: Record<string, unknown>): Promise<Delivery> {
    return this.send(repoTarget(repo, hook), 'ping', payload)
  }

  /**
   * Sends a recorded delivery again, with its GUID and payload, to where its hook points now.
   * Null when the hook (or the App's webhook URL) is gone.
   */
  redeliver(delivery: Delivery): Promise<Delivery> | null {
    const repo = delivery.repoId === null ? undefined : this.store.repoById(delivery.repoId)
    const hook = repo?.hooks.get(delivery.hookId)
    if (repo && hook) return this.send(repoTarget(repo, hook), delivery.event, delivery.request.payload, delivery)
    const app = [...this.store.githubApps.values()].find((candidate) => candidate.hookId === delivery.hookId)
    const installation = delivery.installationId === null ? null : (this.store.installations.get(delivery.installationId) ?? null)
    const target = app ? appTarget(app, installation, delivery.repoId) : null
    if (!target) return null
    target.installationId = delivery.installationId
    return this.send(target, delivery.event, delivery.request.payload, delivery)
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

  private send(target: Target, event: string, payload: Record<string, unknown>, redeliveryOf?: Delivery): Promise<Delivery> {
    const task = this.deliver(target, event, payload, redeliveryOf)
    this.pending.add(task)
    void task.finally(() => this.pending.delete(task))
    return task
  }

  private async deliver(target: Target, event: string, payload: Record<string, unknown>, redeliveryOf?: Delivery): Promise<Delivery> {
    const guid = redeliveryOf?.guid ?? randomUUID()
    const json = JSON.stringify(payload)
    const body = target.contentType === 'form' ? `payload=${encodeURIComponent(json)}` : json
    const headers: Record<string, string> = {
      Accept: '*/*',
      'Content-Type': target.contentType === 'form' ? 'application/x-www-form-urlencoded' : 'application/json',
      'User-Agent': HOOKSHOT,
      'X-GitHub-Delivery': guid,
      'X-GitHub-Event': event,
      'X-GitHub-Hook-ID': String(target.hookId),
      'X-GitHub-Hook-Installation-Target-ID': String(target.targetId),
      'X-GitHub-Hook-Installation-Target-Type': target.targetType,
    }
    if (target.secret) {
      headers['X-Hub-Signature'] = `sha1=${createHmac('sha1', target.secret).update(body).digest('hex')}`
      headers['X-Hub-Signature-256'] = await sign(target.secret, body)
    }
    const started = performance.now()
    const deliveredAt = isoSeconds(new Date())
    const signal = AbortSignal.any([AbortSignal.timeout(this.timeoutMs()), this.closing.signal])
    const outcome = await post(target.url, headers, body, signal)
    const delivery: Delivery = {
      id: this.store.nextId('delivery'),
      guid,
      hookId: target.hookId,
      repoId: target.repoId,
      installationId: target.installationId,
      event,
      action: typeof payload.action === 'string' ? payload.action : null,
      deliveredAt,
      redelivery: redeliveryOf !== undefined,
      duration: Math.round(performance.now() - started) / 1000,
      status: outcome.status,
      statusCode: outcome.statusCode,
      url: target.url,
      request: { headers, payload },
      response: { headers: outcome.headers, payload: outcome.payload },
    }
    this.store.deliveries.push(delivery)
    const ok = outcome.statusCode >= 200 && outcome.statusCode < 300
    if (target.hook) target.hook.lastResponse = { code: outcome.statusCode || null, status: ok ? 'active' : 'failed', message: outcome.status }
    return delivery
  }
}
