import { CookieJar } from './cookie-jar.ts'

export interface TourUrls {
  gateway: string
  github: string
  platform: string
}

export interface TourResult {
  login: string
  hookId: number
  pushedSha: string
  deliveryId: string
  callback: { type: string; webhookId: string; data: Record<string, unknown> }
  event: Record<string, unknown>
}

type Log = (step: string) => void

async function expectStatus(res: Response, allowed: number[], what: string): Promise<Response> {
  if (!allowed.includes(res.status)) throw new Error(`${what}: expected ${allowed.join(' or ')}, got ${res.status} ${await res.text()}`)
  return res
}

async function poll<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const found = await fn()
    if (found !== undefined) return found
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`)
}

/** Signs in through GitHub's OAuth web flow, following redirects like a browser. */
async function signIn(urls: TourUrls, jar: CookieJar): Promise<void> {
  let url = `${urls.gateway}/auth/login`
  for (let hop = 0; hop < 5; hop++) {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } })
    jar.store(res)
    const location = res.headers.get('location')
    if (res.status < 300 || res.status >= 400 || !location) {
      throw new Error(`sign-in stopped at ${url} with ${res.status} ${await res.text()}`)
    }
    url = new URL(location, url).toString()
    if (url.startsWith(urls.gateway) && !url.includes('/auth/')) return
    if (!url.startsWith(urls.gateway) && !url.startsWith(urls.github)) return // FRONTEND_URL elsewhere
  }
  throw new Error('sign-in redirected too many times')
}

/**
 * The product end to end, as a user and GitHub would drive it: sign in through the
 * simulator, connect octocat/hello-world, push to it, and see the deployment request reach
 * the platform receiver and the events API.
 */
export async function runTour(urls: TourUrls, log: Log = () => {}, repo = 'octocat/hello-world'): Promise<TourResult> {
  const jar = new CookieJar()
  log(`signing in through ${urls.github}/login/oauth/authorize`)
  await signIn(urls, jar)
  const session = (await (await expectStatus(await fetch(`${urls.gateway}/auth/session`, { headers: { cookie: jar.header() } }), [200], 'GET /auth/session')).json()) as {
    user: { login: string }
    csrfToken: string
  }
  log(`signed in as ${session.user.login}`)
  const headers = { cookie: jar.header(), 'x-csrf-token': session.csrfToken }

  const setup = await expectStatus(await fetch(`${urls.gateway}/api/repos/${repo}/setup-webhook`, { method: 'POST', headers }), [200, 201], 'setup-webhook')
  const hook = (await setup.json()) as { hookId?: number; id?: number; webhook?: { hookId?: number; id?: number } }
  const hookId = Number(hook.hookId ?? hook.webhook?.hookId ?? hook.id ?? hook.webhook?.id)
  log(`connected ${repo} (hook ${hookId}, ${setup.status === 201 ? 'created' : 'already connected'})`)

  const [owner, name] = repo.split('/')
  const repoInfo = (await (await fetch(`${urls.github}/api/v3/repos/${repo}`, { headers: { authorization: 'token octocat-token' } })).json()) as { default_branch: string }
  const pushed = await expectStatus(await fetch(`${urls.github}/_sim/repos/${owner}/${name}/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ branch: repoInfo.default_branch, commits: [{ message: `tour: ship it at ${new Date().toISOString()}`, added: ['tour.txt'] }] }),
  }), [200, 201], 'push on the simulator')
  const push = (await pushed.json()) as { after: string; deliveries?: Array<{ guid?: string; id?: string; deliveryId?: string }> }
  log(`pushed ${push.after.slice(0, 7)} to ${repo}@${repoInfo.default_branch}`)

  const callback = await poll('the deployment callback', async () => {
    const received = (await (await fetch(`${urls.platform}/`, { headers: { accept: 'application/json' } })).json()) as {
      delivered: Array<{ webhookId: string; body: { type: string; data: Record<string, unknown> } }>
    }
    const hit = received.delivered.find((r) => r.body?.type === 'deployment.requested' && JSON.stringify(r.body.data).includes(push.after))
    return hit ? { type: hit.body.type, webhookId: hit.webhookId, data: hit.body.data } : undefined
  })
  log(`the platform received ${callback.type} (webhook-id ${callback.webhookId})`)

  const event = await poll('the push in /api/events', async () => {
    const res = await fetch(`${urls.gateway}/api/events?repo=${encodeURIComponent(repo)}&event=push`, { headers: { cookie: jar.header() } })
    if (!res.ok) return undefined
    const page = (await res.json()) as { items?: Array<Record<string, unknown>>; events?: Array<Record<string, unknown>> }
    return (page.items ?? page.events ?? []).find((item) => JSON.stringify(item).includes(push.after.slice(0, 7)) || JSON.stringify(item).includes(push.after))
  })
  const deliveryId = String(event.deliveryId ?? event.delivery_id ?? '')
  log(`GET /api/events shows delivery ${deliveryId}`)
  return { login: session.user.login, hookId, pushedSha: push.after, deliveryId, callback, event }
}
