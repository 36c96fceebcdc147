import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

const require = createRequire(import.meta.url)

/** ReDoc reads /openapi.json; its script comes from the installed package, never a CDN. */
const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>GitHub Webhook Manager — API reference</title>
</head>
<body>
  <redoc spec-url="/openapi.json"></redoc>
  <script src="/redoc/redoc.standalone.js"></script>
</body>
</html>
`

// ReDoc renders with inline styles and a blob: web worker; scripts only from here.
const CSP = "default-src 'self'; script-src 'self' blob:; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: https:; font-src 'self' data: https:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"

const redoc: FastifyPluginAsyncTypebox = async (app) => {
  const bundle = await readFile(require.resolve('redoc/bundles/redoc.standalone.js'))
  const options = { schema: { hide: true }, config: { rateLimit: false } }

  app.get('/redoc', options, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').header('content-security-policy', CSP).send(PAGE))

  app.get('/redoc/redoc.standalone.js', options, async (_req, reply) =>
    reply.type('application/javascript; charset=utf-8').header('cache-control', 'public, max-age=86400').send(bundle))
}
export default redoc
