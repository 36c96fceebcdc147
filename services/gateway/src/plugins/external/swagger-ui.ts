import fastifySwaggerUi from '@fastify/swagger-ui'
import fp from 'fastify-plugin'

/** Swagger UI at /docs, from the package's own files (no CDN). */
export default fp(async (app) => {
  await app.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    // Served over plain http in development: do not make the browser upgrade its requests.
    transformStaticCSP: (header) => header.replace(/\s*upgrade-insecure-requests;?/, ''),
    uiConfig: { deepLinking: true, withCredentials: true },
  })
}, { name: 'swagger-ui', dependencies: ['swagger'] })
