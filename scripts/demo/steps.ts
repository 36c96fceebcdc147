import { CookieJar } from './cookie-jar.ts'

/** Steps both tours take: sign in, push on the simulator, wait for the callback and the events API. */

export interface TourUrls {
  gateway: string
  github: string
  platform: string
}

export type Log = (step: string) => void

export interface Callback {
  type: string
  webhookId: string
  data: Record<string, unknown>
}

/** The stack runs in the other mode than the tour expects: said as is, with the right command. */
export class WrongModeError extends Error {}

export async function expectStatus(res: Response, allowed: number[], what: string): Promise<Response> {
  if (!allowed.includes(res.status)) throw new Error(`${what}: expected ${allowed.join(' or ')}, got ${res.status} ${await res.text()}`)
  return res
}

export async function poll<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const found = await fn()
    if (found !== undefined) return found
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`)
}

/** Signs in through GitHub's OAuth web flow, following redirects like a browser. */
async function followSignIn(urls: TourUrls, jar: CookieJar): Promise<void> {
  let url = `${urls.gateway}/auth/login`
  for (let hop = 0; hop < 5; hop++) {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } })
    jar.store(res)
    const location = res.headers.get('location')
    if (res.status < 300 || res.status >= 400 || !location) {
      throw new Error(`sign-in stopped at ${url} with ${res.status} ${await res.text()}`)
    }
    url = new URL(location, url).toString()
    if (url.includes('error=')) throw new Error(`sign-in was refused: ${new URL(url).searchParams.get('error_description') ?? new URL(url).searchParams.get('error')}`)
    if (url.startsWith(urls.gateway) && !url.includes('/auth/')) return
    if (!url.startsWith(urls.gateway) && !url.startsWith(urls.github)) return // FRONTEND_URL elsewhere
  }
  throw new Error('sign-in redirected too many times')
}

export interface Session {
  login: string
  jar: CookieJar
  /** For state-changing calls: the session cookie and the CSRF token. */
  headers: Record<string, string>
}

export async function signIn(urls: TourUrls, log: Log): Promise<Session> {
  const jar = new CookieJar()
  log(`signing in through ${urls.github}/login/oauth/authorize`)
  await followSignIn(urls, jar)
  const res = await expectStatus(await fetch(`${urls.gateway}/auth/session`, { headers: { cookie: jar.header() } }), [200], 'GET /auth/session')
  const session = (await res.json()) as { user: { login: string }; csrfToken: string }
  log(`signed in as ${session.user.login}`)
  return { login: session.user.login, jar, headers: { cookie: jar.header(), 'x-csrf-token': session.csrfToken } }
}

/** The repository as octocat sees it on the simulator. */
export async function simRepo(urls: TourUrls, repo: string): Promise<{ id: number; default_branch: string }> {
  const res = await expectStatus(await fetch(`${urls.github}/api/v3/repos/${repo}`, { headers: { authorization: 'token octocat-token' } }), [200], `GET /repos/${repo} on the simulator`)
  return (await res.json()) as { id: number; default_branch: string }
}

export interface PushedCommit {
  after: string
  /** What the push sent, as the simulator recorded it: each hook's (or the App's) answer. */
  deliveries: Array<{ hookId: number; statusCode: number | null; status: string; installationId?: number | null }>
}

/** A push on the simulator (its control API), as if someone pushed to GitHub. */
export async function push(urls: TourUrls, repo: string, commit: Record<string, unknown>, log: Log): Promise<PushedCommit> {
  const branch = (await simRepo(urls, repo)).default_branch
  const res = await expectStatus(await fetch(`${urls.github}/_sim/repos/${repo}/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ branch, commits: [commit] }),
  }), [200, 201], 'push on the simulator')
  const pushed = (await res.json()) as PushedCommit
  log(`pushed ${pushed.after.slice(0, 7)} to ${repo}@${branch}`)
  return pushed
}

/** Waits until the platform receiver got the deployment request for sha. */
export async function waitForCallback(urls: TourUrls, sha: string, log: Log): Promise<Callback> {
  // A minute, as a person would wait: the stack may have just started, on a busy machine.
  const callback = await poll('the deployment callback', async () => {
    const received = (await (await fetch(`${urls.platform}/`, { headers: { accept: 'application/json' } })).json()) as {
      delivered: Array<{ webhookId: string; body: { type: string; data: Record<string, unknown> } }>
    }
    const hit = received.delivered.find((r) => r.body?.type === 'deployment.requested' && JSON.stringify(r.body.data).includes(sha))
    return hit ? { type: hit.body.type, webhookId: hit.webhookId, data: hit.body.data } : undefined
  }, 60_000)
  log(`the platform received ${callback.type} (webhook-id ${callback.webhookId})`)
  return callback
}

/** Waits until the events API lists the push of sha; returns the event and its delivery id. */
export async function waitForEvent(urls: TourUrls, session: Session, repo: string, sha: string, log: Log): Promise<{ event: Record<string, unknown>; deliveryId: string }> {
  const event = await poll('the push in /api/events', async () => {
    const res = await fetch(`${urls.gateway}/api/events?repo=${encodeURIComponent(repo)}&event=push`, { headers: { cookie: session.jar.header() } })
    if (!res.ok) return undefined
    const page = (await res.json()) as { items?: Array<Record<string, unknown>>; events?: Array<Record<string, unknown>> }
    return (page.items ?? page.events ?? []).find((item) => JSON.stringify(item).includes(sha.slice(0, 7)) || JSON.stringify(item).includes(sha))
  })
  const deliveryId = String(event.deliveryId ?? event.delivery_id ?? '')
  log(`GET /api/events shows delivery ${deliveryId}`)
  return { event, deliveryId }
}
