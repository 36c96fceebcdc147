import fp from 'fastify-plugin'
import type { GatewayOptions } from '../../options.ts'
import consolePages from './console.ts'
import cookie from './cookie.ts'
import cors from './cors.ts'
import csrf from './csrf.ts'
import helmet from './helmet.ts'
import oauth2 from './oauth2.ts'
import rateLimit from './rate-limit.ts'
import secureSession from './secure-session.ts'
import swagger from './swagger.ts'
import swaggerUi from './swagger-ui.ts'

/** Third-party plugins, in dependency order: cookie first, then what reads cookies. */
export default fp<GatewayOptions>(async (app, options) => {
  await app.register(cookie)
  await app.register(secureSession, options)
  await app.register(csrf)
  await app.register(oauth2, options)
  await app.register(helmet)
  await app.register(cors, options)
  await app.register(rateLimit, options)
  await app.register(swagger, options)
  await app.register(swaggerUi)
  await app.register(consolePages, options)
}, { name: 'external-plugins' })
