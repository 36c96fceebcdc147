import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** The simulator's GitHub App that `npm start -- --github-app` runs the stack as. */
export const LOCAL_APP_SLUG = 'gwm-local'

/** What the App's settings page shows its owner (the simulator's `GET /_sim/apps/{slug}`). */
interface SimApp {
  id: number
  slug: string
  clientId: string
  clientSecret: string
  webhookUrl: string | null
  webhookSecret: string | null
  privateKey: string
}

/** Each service's App variables: only what its config reads (the ingest never holds the key). */
export interface AppModeEnv {
  /** Every service the stack starts shares these: the App's client id and secret for the gateway's sign-in. */
  shared: NodeJS.ProcessEnv
  gateway: NodeJS.ProcessEnv
  ingest: NodeJS.ProcessEnv
  worker: NodeJS.ProcessEnv
}

async function simRequest<T>(url: string, init: RequestInit, what: string): Promise<T> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...init.headers } })
  if (!res.ok) throw new Error(`the simulator refused ${what}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

/**
 * The simulator checks the sign-in's redirect_uri against the App's callback URLs, which its
 * control API cannot change, and the seeded App knows only http://localhost:8000/auth/callback.
 * When the gateway's callback is elsewhere (another GATEWAY_PORT or REDIRECT_URI), the simulator
 * is started from a copy of its seed whose App also lists that callback, as an App's owner adds
 * one on its settings page. Returns the seed file to start it with (the simulator reads it once,
 * at its start: remove it then), or undefined for its own.
 */
export function seedForCallback(root: string, redirectUri: string, githubPort: number): string | undefined {
  const seedPath = process.env.SEED || join(root, 'packages/github-sim/seed/default.json')
  const seed = JSON.parse(readFileSync(seedPath, 'utf8')) as { apps?: Array<{ slug: string; redirectUris?: string[] }> }
  const app = seed.apps?.find((candidate) => candidate.slug === LOCAL_APP_SLUG)
  if (!app) throw new Error(`the simulator's seed (${seedPath}) has no GitHub App "${LOCAL_APP_SLUG}" to run the stack as`)
  const callbacks = app.redirectUris ?? []
  if (callbacks.includes(redirectUri)) return undefined
  app.redirectUris = [...callbacks, redirectUri]
  const dataDir = join(root, '.data')
  mkdirSync(dataDir, { recursive: true })
  // One file per simulator port: stacks on other ports (the test suite's) never share one.
  const path = join(dataDir, `github-sim-seed-${githubPort}.json`)
  writeFileSync(path, JSON.stringify(seed, null, 2), { mode: 0o600 })
  return path
}

/**
 * App mode against the simulator: reads the App's credentials from it, points the App's webhook
 * at the ingest with a secret (the simulator's when it has one, otherwise a new one), and
 * returns the App variables each service reads. The private key goes only to the gateway and
 * the worker, through their environment: it is never written to disk or printed.
 */
export async function setUpSimulatorApp(githubUrl: string, webhookUrl: string): Promise<AppModeEnv> {
  const appUrl = `${githubUrl}/_sim/apps/${LOCAL_APP_SLUG}`
  const found = await simRequest<SimApp>(appUrl, {}, `to show the App ${LOCAL_APP_SLUG}`)
  const webhookSecret = found.webhookSecret ?? randomBytes(24).toString('hex')
  const app = await simRequest<SimApp>(appUrl, { method: 'PATCH', body: JSON.stringify({ webhookUrl, webhookSecret }) }, "the App's webhook URL")
  const id = { GITHUB_APP_ID: String(app.id) }
  return {
    shared: { CLIENT_ID: app.clientId, CLIENT_SECRET: app.clientSecret },
    gateway: { ...id, GITHUB_APP_PRIVATE_KEY: app.privateKey, GITHUB_APP_SLUG: app.slug },
    ingest: { ...id, GITHUB_APP_WEBHOOK_SECRET: webhookSecret },
    worker: { ...id, GITHUB_APP_PRIVATE_KEY: app.privateKey },
  }
}

/** The App's install page on the simulator, as a browser reaches it. */
export const installPageUrl = (githubPort: number) => `http://localhost:${githubPort}/apps/${LOCAL_APP_SLUG}/installations/new`
