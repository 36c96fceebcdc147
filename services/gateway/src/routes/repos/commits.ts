import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { HttpError } from '@gwm/runtime'
import type { Static } from 'typebox'
import { signedIn } from '../../lib/auth/principal.ts'
import { SECURITY } from '../../lib/auth/security.ts'
import { errors } from '../schemas.ts'
import { CommitsBody, CommitsQuery, RepoParams } from './schemas.ts'

const commits: FastifyPluginAsyncTypebox = async (app) => {
  const cache = app.etagCache

  app.get('/api/repos/:owner/:repo/commits', {
    preHandler: app.requireUser,
    schema: {
      operationId: 'listCommits',
      tags: ['repos'],
      summary: 'Commits of a repository',
      description: 'One page of commits from a sha or branch (default branch when absent). Repeated reads revalidate ' +
        'with GitHub by ETag, which costs no rate limit; send If-None-Match with our ETag to get 304.',
      security: SECURITY.user,
      params: RepoParams,
      querystring: CommitsQuery,
      response: { 200: CommitsBody, 304: { description: 'Unchanged since the ETag sent', type: 'null' }, ...errors(400, 401, 403, 404, 429, 502, 503) },
    },
  }, async (req, reply) => {
    const { user, githubToken } = signedIn(req)
    const { owner, repo } = req.params
    const { sha, branch, page, per_page: perPage } = req.query
    if (sha !== undefined && branch !== undefined && sha !== branch) {
      throw new HttpError(400, 'validation_failed', 'querystring/branch and querystring/sha name different refs: give one of them')
    }
    const ref = sha ?? branch ?? null
    const resource = `commits ${owner}/${repo} ${ref ?? ''} ${page} ${perPage}`.toLowerCase()
    const gh = app.github.forToken(githubToken)
    const query = { ...(ref ? { sha: ref } : {}), page, perPage }

    const cached = await cache.get<Static<typeof CommitsBody>>(user.id, resource)
    let result = await gh.commits(owner, repo, query, cached?.etag)
    let body: Static<typeof CommitsBody>
    let etag: string | null
    if (result.notModified && cached) {
      body = cached.body
      etag = cached.etag
      reply.header('x-github-cache', 'revalidated')
    } else {
      if (result.notModified) result = await gh.commits(owner, repo, query)
      if (result.notModified) throw new HttpError(502, 'github_unavailable', 'GitHub answered 304 to an unconditional request')
      body = { ref, commits: result.items, page, perPage, nextPage: result.nextPage }
      etag = result.etag
      if (etag) await cache.set(user.id, resource, { etag, body })
      reply.header('x-github-cache', 'fetched')
    }
    reply.header('cache-control', 'private, no-cache')
    if (etag) {
      reply.header('etag', etag)
      if (req.headers['if-none-match'] === etag) return reply.code(304).send(null)
    }
    return body
  })
}
export default commits
