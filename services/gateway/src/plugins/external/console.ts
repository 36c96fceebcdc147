import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import type { GatewayOptions } from '../../options.ts'

/** The console built in this checkout; CONSOLE_DIR points elsewhere (an image, a test's fixture). */
const CHECKOUT_CONSOLE_DIR = join(import.meta.dirname, '../../../../../packages/console/dist')

/** The console's pages: each answers index.html and the console routes in the browser. Nothing else falls back to it. */
const CONSOLE_PATHS = ['/', '/events', '/events/*', '/repos', '/signin']

// Vite names every file under assets/ by its content's hash: a new build is a new name.
const HASHED = 'public, max-age=31536000, immutable'

/** Scripts, styles and calls from the gateway itself only: no inline script or style, no CDN. */
const consoleCsp = (githubUrl: string) =>
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  `object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self' ${new URL(githubUrl).origin}`

/**
 * The web console (packages/console, a Vite build) at /: its files with @fastify/static,
 * index.html for each console path (never for /api, /auth, /docs, /admin or the probes: those
 * keep their JSON 404). index.html is read at each request and never cached, so a rebuild is
 * picked up without a restart; a console not built yet is a 503 that says how to build it.
 */
export default fp<GatewayOptions>(async (app, { config }) => {
  const root = config.CONSOLE_DIR ?? CHECKOUT_CONSOLE_DIR
  const csp = consoleCsp(config.GITHUB_URL)
  const pageHeaders = (reply: FastifyReply) => reply.header('cache-control', 'no-cache').header('content-security-policy', csp)

  await app.register(async (files) => {
    // The files' catch-all route sees every path no route takes: one that would leave the build
    // ('..', '//', a NUL) is, like any other path that matches nothing, the JSON 404, not a 403.
    files.setErrorHandler((error, _req, reply) => {
      if ((error as { code?: unknown }).code === 'FST_STATIC_FORBIDDEN_PATH') return reply.callNotFound()
      throw error
    })
    await files.register(fastifyStatic, {
      root,
      prefix: '/',
      index: false,
      // The admin pages' bull-board registers @fastify/static in its own scope, with its own sendFile.
      decorateReply: false,
      dotfiles: 'ignore',
      cacheControl: false,
      suppressWarning: true,
      setHeaders: (reply, path) => {
        if (path.endsWith('.html')) pageHeaders(reply)
        else reply.header('cache-control', path.startsWith(join(root, 'assets')) ? HASHED : 'no-cache')
      },
    })
  })

  const notBuilt = {
    error: 'console_not_built',
    message: `the console is not built (no index.html in ${root}): npm start builds it, or run "pnpm --filter @gwm/console build"; CONSOLE_DIR names another folder`,
  }
  for (const url of CONSOLE_PATHS) {
    app.get(url, { schema: { hide: true } }, async (req, reply) => {
      const page = await readFile(join(root, 'index.html')).catch(() => undefined)
      if (!page) {
        req.log.warn({ root }, 'the console is not built')
        return reply.code(503).send(notBuilt)
      }
      return pageHeaders(reply).type('text/html; charset=utf-8').send(page)
    })
  }
}, { name: 'console', dependencies: ['helmet'] })
