import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { signedIn } from '../../lib/auth/principal.ts'
import { SECURITY } from '../../lib/auth/security.ts'
import { rotateSecret } from '../../lib/webhooks/rotate.ts'
import { adminRepo, webhookContext } from '../../lib/webhooks/target.ts'
import { emptyBodyWhenNone, errors, NoBody } from '../schemas.ts'
import { RepoParams } from './schemas.ts'
import { RotateBody } from './webhook-schemas.ts'

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/repos/:owner/:repo/webhook/rotate-secret', {
    preHandler: [app.requireUser, app.requireRepositoryHooks],
    preValidation: emptyBodyWhenNone,
    schema: {
      operationId: 'rotateWebhookSecret',
      tags: ['repos'],
      summary: 'Give our webhook a new secret',
      description: 'The new secret is active at once; deliveries signed with the old one are still accepted for ' +
        'SECRET_ROTATION_GRACE_S seconds. The secret itself is never returned. The new secret is recorded (and accepted) ' +
        'before GitHub is asked to use it: when GitHub does not confirm (502 rotation_pending) both secrets stay accepted, ' +
        'and calling this again finishes the rotation.',
      security: SECURITY.userWithCsrf,
      params: RepoParams,
      body: NoBody,
      response: { 200: RotateBody, ...errors(400, 401, 403, 404, 409, 429, 502, 503) },
    },
  }, async (req) => {
    const ctx = webhookContext(app, req, signedIn(req))
    const fullName = `${req.params.owner}/${req.params.repo}`
    const repo = await adminRepo(ctx)
    const result = await app.repoLock(repo.id, (lease) => rotateSecret(ctx, repo, lease))
    req.log.info({ repository: fullName, hookId: result.hookId }, 'webhook secret rotated')
    return {
      hookId: result.hookId,
      rotatedAt: result.rotatedAt.toISOString(),
      previousSecretValidUntil: result.previousValidUntil?.toISOString() ?? null,
    }
  })
}
export default route
