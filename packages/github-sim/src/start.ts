import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import { API_PREFIX, buildSimApp, type SimRoute } from './app.ts'
import { DEFAULT_OPTIONS, type SimContext, type SimOptions } from './context.ts'
import { SimControl } from './control/control.ts'
import { checkSeed, loadSeedFile, type Seed } from './seed.ts'
import { type IdStart, Store } from './store.ts'
import { Switches } from './switches.ts'
import { UrlSigner } from './web/signed-url.ts'
import { Sender } from './webhooks/sender.ts'

export interface GitHubSimOptions extends Partial<SimOptions> {
  /** 0 (the default) picks a free port. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** A seed object or the path of a seed JSON file; default: the package's seed/default.json. */
  seed?: Seed | string
  /** The base URL the simulator reports in links and payloads (default: http://host:port). */
  publicUrl?: string
  logger?: FastifyServerOptions['logger']
  /**
   * Where hook, delivery, pull request and release ids start. Default: from the clock, so a
   * restarted simulator never hands out an id again. Setting it reproduces a GitHub that
   * forgot what it handed out (two simulators given the same start reuse ids).
   */
  ids?: IdStart
}

export interface GitHubSim {
  /** Base URL for OAuth and html_url, e.g. http://127.0.0.1:9000 (GITHUB_URL). */
  url: string
  /** REST base, `${url}/api/v3` (GITHUB_API_URL). */
  apiUrl: string
  port: number
  /** In-process control: seed data, act on github.com, failure switches, recorded deliveries. */
  control: SimControl
  app: FastifyInstance
  /** Every route served (for conformance checks and docs). */
  routes: SimRoute[]
  close(): Promise<void>
}

/** Starts a simulator listening on 127.0.0.1 (port 0 = ephemeral). */
export async function startGitHubSim(options: GitHubSimOptions = {}): Promise<GitHubSim> {
  const seed = typeof options.seed === 'string' ? loadSeedFile(options.seed) : options.seed === undefined ? loadSeedFile() : checkSeed(options.seed)
  const settings: SimOptions = {
    codeTtlMs: options.codeTtlMs ?? DEFAULT_OPTIONS.codeTtlMs,
    deliveryTimeoutMs: options.deliveryTimeoutMs ?? DEFAULT_OPTIONS.deliveryTimeoutMs,
    rateLimitPerHour: options.rateLimitPerHour ?? DEFAULT_OPTIONS.rateLimitPerHour,
  }
  const store = new Store(structuredClone(seed), options.ids)
  const ctx: SimContext = {
    store,
    urls: { web: '', api: '' },
    switches: new Switches(),
    sender: new Sender(store, () => settings.deliveryTimeoutMs),
    options: settings,
    quotas: new Map(),
    signer: new UrlSigner(),
  }
  const control = new SimControl(ctx, seed)
  const { app, routes } = await buildSimApp(ctx, control, options.logger === undefined ? {} : { logger: options.logger })
  const host = options.host ?? '127.0.0.1'
  await app.listen({ port: options.port ?? 0, host })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0)
  const url = (options.publicUrl ?? `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`).replace(/\/$/, '')
  ctx.urls.web = url
  ctx.urls.api = `${url}${API_PREFIX}`
  return {
    url,
    apiUrl: ctx.urls.api,
    port,
    control,
    app,
    routes,
    async close() {
      await ctx.sender.close()
      await app.close()
    },
  }
}
