import fp from 'fastify-plugin'
import type { GatewayOptions } from '../../app.ts'
import auth from './auth.ts'
import config from './config.ts'
import emptyBody from './empty-body.ts'
import github from './github.ts'
import hookSecrets from './hook-secrets.ts'
import orm from './orm.ts'
import queues from './queues.ts'

/** Our own decorators and hooks, each in its own small plugin. */
export default fp<GatewayOptions>(async (app, options) => {
  await app.register(config, options)
  await app.register(emptyBody)
  await app.register(orm, options)
  await app.register(auth, options)
  await app.register(github, options)
  await app.register(hookSecrets, options)
  await app.register(queues, options)
}, { name: 'app-plugins' })
