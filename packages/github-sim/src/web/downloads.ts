import type { FastifyInstance, FastifyReply } from 'fastify'
import type { SimContext } from '../context.ts'
import type { Repo } from '../model.ts'
import { buildTarball } from '../tarball.ts'

/**
 * The simulator's codeload.github.com and raw.githubusercontent.com, served at the root:
 *   /_codeload/{owner}/{repo}/legacy.tar.gz/{sha}[?token=…]   a gzipped tar of the commit
 *   /_raw/{owner}/{repo}/{sha}/{path}[?token=…]               one file's bytes
 * Public repositories need no token; private ones a signed, short-lived `token` (the REST API hands
 * out such links: the tarball redirect, a file's download_url).
 */

const tokenSubject = (kind: string, repo: Repo, sha: string, path = '') => `${kind}:${repo.id}:${sha}:${path}`

const query = (ctx: SimContext, subject: string, repo: Repo): string => (repo.private ? `?token=${ctx.signer.sign(subject)}` : '')

export function codeloadUrl(ctx: SimContext, repo: Repo, sha: string): string {
  return `${ctx.urls.web}/_codeload/${repo.owner}/${repo.name}/legacy.tar.gz/${sha}${query(ctx, tokenSubject('tarball', repo, sha), repo)}`
}

export function rawUrl(ctx: SimContext, repo: Repo, sha: string, path: string): string {
  return `${ctx.urls.web}/_raw/${repo.owner}/${repo.name}/${sha}/${encodeURI(path)}${query(ctx, tokenSubject('raw', repo, sha, path), repo)}`
}

const notFound = (reply: FastifyReply) => reply.code(404).type('text/plain; charset=utf-8').send('404: Not Found')

export function downloadRoutes(app: FastifyInstance, ctx: SimContext): void {
  const find = (params: Record<string, string>, token: string | undefined, subject: (repo: Repo) => string) => {
    const repo = ctx.store.repo(params.owner ?? '', params.repo ?? '')
    const commit = repo?.commits.get(params.sha ?? '')
    if (!repo || !commit) return null
    if (repo.private && !ctx.signer.verify(subject(repo), token)) return null
    return { repo, commit }
  }

  app.get('/_codeload/:owner/:repo/legacy.tar.gz/:sha', async (req, reply) => {
    const params = req.params as Record<string, string>
    const { token } = req.query as { token?: string }
    const found = find(params, token, (repo) => tokenSubject('tarball', repo, params.sha ?? ''))
    if (!found) return notFound(reply)
    const { repo, commit } = found
    const top = `${repo.owner}-${repo.name}-${commit.sha.slice(0, 7)}`
    const body = await buildTarball(top, commit.files, new Date(commit.committer.date))
    return reply.type('application/x-gzip').header('content-disposition', `attachment; filename=${top}.tar.gz`).send(body)
  })

  app.get('/_raw/:owner/:repo/:sha/*', async (req, reply) => {
    const params = req.params as Record<string, string>
    const path = params['*'] ?? ''
    const { token } = req.query as { token?: string }
    const found = find(params, token, (repo) => tokenSubject('raw', repo, params.sha ?? '', path))
    const content = found?.commit.files.get(path)
    if (!content) return notFound(reply)
    return reply.type('text/plain; charset=utf-8').send(content)
  })
}
