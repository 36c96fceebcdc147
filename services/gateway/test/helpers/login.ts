import type { GitHubSim } from '@gwm/github-sim'
import type { GatewayApp } from '../../src/app.ts'
import { type Browser, browser } from './browser.ts'

export interface SignedIn {
  browser: Browser
  csrfToken: string
  userId: string
  /** Where the callback sent the browser. */
  landedOn: string
}

/** GET /auth/login, follows the redirect to the simulator's authorize page over HTTP. */
export async function startLogin(app: GatewayApp, sim: GitHubSim, as: string, client = browser(app), query = '') {
  const start = await client.request(`/auth/login${query}`)
  if (start.statusCode !== 302) throw new Error(`/auth/login answered ${start.statusCode}: ${start.body}`)
  const authorize = new URL(String(start.headers.location))
  authorize.searchParams.set('login', as)
  const github = await fetch(authorize, { redirect: 'manual' })
  const back = github.headers.get('location')
  if (github.status !== 302 || !back) throw new Error(`GitHub's authorize page answered ${github.status}: ${await github.text()}`)
  const callback = new URL(back)
  return { client, start, authorize, callbackPath: `${callback.pathname}${callback.search}` }
}

/** The whole sign-in round trip through the simulator, as a browser does it. */
export async function login(app: GatewayApp, sim: GitHubSim, as = 'octocat', query = ''): Promise<SignedIn> {
  const { client, callbackPath } = await startLogin(app, sim, as, browser(app), query)
  const done = await client.request(callbackPath)
  if (done.statusCode !== 302) throw new Error(`/auth/callback answered ${done.statusCode}: ${done.body}`)
  const session = await client.request('/auth/session')
  if (session.statusCode !== 200) throw new Error(`/auth/session answered ${session.statusCode}: ${session.body}`)
  const body = session.json()
  return { browser: client, csrfToken: body.csrfToken, userId: body.user.id, landedOn: String(done.headers.location) }
}
