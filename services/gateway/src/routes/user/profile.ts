import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { signedIn } from '../../lib/auth/principal.ts'
import { SECURITY } from '../../lib/auth/security.ts'
import { upsertUser } from '../../lib/auth/users.ts'
import { errors } from '../schemas.ts'
import { ProfileBody } from './schemas.ts'

const profile: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/user/profile', {
    preHandler: app.requireUser,
    schema: {
      operationId: 'getProfile',
      tags: ['user'],
      summary: 'The GitHub profile and the platform account',
      description: 'Reads the profile from GitHub with the session\'s token and refreshes the platform account mapped to it.',
      security: SECURITY.user,
      response: { 200: ProfileBody, ...errors(401, 429, 502, 503) },
    },
  }, async (req) => {
    const { githubToken } = signedIn(req)
    const github = await app.github.forToken(githubToken).profile()
    const { user } = await upsertUser(req.em, github)
    return {
      github: {
        id: github.id,
        login: github.login,
        name: github.name,
        email: github.email,
        avatarUrl: github.avatarUrl,
        htmlUrl: github.htmlUrl,
        scopes: github.scopes,
      },
      account: {
        id: user.id,
        githubId: user.githubId,
        login: user.login,
        createdAt: user.createdAt.toISOString(),
        lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
      },
    }
  })
}
export default profile
