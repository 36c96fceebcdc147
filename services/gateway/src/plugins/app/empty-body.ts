import fp from 'fastify-plugin'

/**
 * An empty body is no body, whatever type it is labelled with: fetch sends `body: ''` as
 * text/plain, `curl -d ''` as a form, and many clients label every request application/json.
 * Unlabelled, such a request reaches the routes as one without a body (fine wherever none is
 * needed) rather than a 400 or 415 about a type nothing was sent in.
 */
export default fp(async (app) => {
  app.addHook('onRequest', async (req) => {
    const { 'content-length': length, 'transfer-encoding': chunked } = req.headers
    // Neither header: no body either (RFC 9112, 6.3), as Fastify itself reads an unlabelled request.
    if (chunked === undefined && (length === undefined || length === '0')) delete req.headers['content-type']
  })
}, { name: 'empty-body' })
