import fp from 'fastify-plugin'
import type { GatewayOptions } from '../../options.ts'
import activityFeed from './activity-feed.ts'
import auth from './auth.ts'
import config from './config.ts'
import emptyBody from './empty-body.ts'
import etagCache from './etag-cache.ts'
import eventsAccess from './events-access.ts'
import github from './github.ts'
import githubApp from './github-app.ts'
import hookSecrets from './hook-secrets.ts'
import loginStates from './login-states.ts'
import operations from './operations.ts'
import orm from './orm.ts'
import queues from './queues.ts'
import repoLock from './repo-lock.ts'
import signOut from './sign-out.ts'

/** Our own decorators and hooks, each in its own small plugin. */
export default fp<GatewayOptions>(async (app, options) => {
  await app.register(config, options)
  await app.register(emptyBody)
  await app.register(orm, options)
  await app.register(signOut, options)
  await app.register(auth, options)
  await app.register(github, options)
  await app.register(githubApp, options)
  await app.register(hookSecrets, options)
  await app.register(queues, options)
  await app.register(operations, options)
  await app.register(loginStates, options)
  await app.register(etagCache, options)
  await app.register(repoLock, options)
  await app.register(eventsAccess)
  await app.register(activityFeed, options)
}, { name: 'app-plugins' })
