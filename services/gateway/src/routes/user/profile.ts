import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { SECURITY, signedIn } from '../../plugins/app/auth.ts'
import { upsertUser } from '../../lib/users.ts'
import { errors } from '../schemas.ts'
import { ProfileBody } from './schemas.ts'

const profile: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/user/profile', {
    preHandler: app.requireUser,
    schema: {
      tags: ['user'],
      summary: 'The GitHub profile and the platform account',
      description: 'Reads the profile from GitHub with the session\'s token and refreshes the platform account mapped to it.',
      security: SECURITY.user,
      response: { 200: ProfileBody, ...errors(401, 429, 502, 503) },
    },
  }, async (req) => {
    const { githubToken } = signedIn(req)
    const { identity, profile: github } = await app.github.forToken(githubToken).identity()
    const { user } = await upsertUser(req.em, identity)
    return {
      github: {
        id: github.id,
        login: github.login,
        name: github.name ?? null,
        email: identity.email,
        avatarUrl: github.avatar_url ?? null,
        htmlUrl: github.html_url ?? null,
        company: github.company ?? null,
        blog: github.blog ?? null,
        location: github.location ?? null,
        bio: github.bio ?? null,
        publicRepos: github.public_repos ?? null,
        followers: github.followers ?? null,
        following: github.following ?? null,
        createdAt: github.created_at ?? null,
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
