import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { SimContext } from '../context.ts'
import { GitHubError, notFound } from '../errors.ts'
import { resolveRef } from '../git.ts'
import type { Commit, Repo } from '../model.ts'
import { directoryItem, fileShape, lookupPath } from '../shapes/contents.ts'
import { codeloadUrl, rawUrl } from '../web/downloads.ts'
import { requirePermission, visibleRepo } from './access.ts'

const CONTENTS_DOCS = 'https://docs.github.com/rest/repos/contents#get-repository-content'
const TARBALL_DOCS = 'https://docs.github.com/rest/repos/contents#download-a-repository-archive-tar'

/** The caller's repository (contents: read for App credentials) and the commit `ref` names (default branch). */
function commitAt(ctx: SimContext, req: FastifyRequest, ref: string | undefined, docs: string): { repo: Repo; commit: Commit; ref: string } {
  const access = visibleRepo(ctx, req)
  requirePermission(access, 'contents', 'read', docs)
  const { repo } = access
  if (repo.commits.size === 0) throw new GitHubError(404, 'This repository is empty.', { documentationUrl: docs })
  const name = ref === undefined || ref === '' ? repo.defaultBranch : ref
  const sha = resolveRef(repo, name)
  if (!sha) throw new GitHubError(404, `No commit found for the ref ${name}`, { documentationUrl: docs })
  return { repo, commit: repo.commits.get(sha)!, ref: name }
}

/** Reading code: a file or directory at a ref, and the repository's tarball. */
export function contentsRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get('/repos/:owner/:repo/contents/*', async (req, reply) => {
    const { ref: query } = req.query as { ref?: string }
    const { repo, commit, ref } = commitAt(ctx, req, query, CONTENTS_DOCS)
    const path = ((req.params as Record<string, string>)['*'] ?? '').replace(/^\/+|\/+$/g, '')
    const found = lookupPath(commit.files, path)
    if (!found) throw notFound()
    if ('file' in found) {
      // Accept: application/vnd.github.raw (or .v3.raw): the bytes themselves.
      if (/application\/vnd\.github(\.v3)?\.raw/.test(String(req.headers.accept ?? ''))) return reply.type('text/plain; charset=utf-8').send(found.file)
      return fileShape(ctx.urls, repo, path, found.file, ref, rawUrl(ctx, repo, commit.sha, path))
    }
    return found.entries.map((entry) => directoryItem(ctx.urls, repo, entry, ref, commit.sha, (file) => rawUrl(ctx, repo, commit.sha, file)))
  })

  // GitHub answers 302 to codeload.github.com; the simulator to its own /_codeload (signed for private repositories).
  app.get('/repos/:owner/:repo/tarball/*', async (req, reply) => {
    const { repo, commit } = commitAt(ctx, req, (req.params as Record<string, string>)['*'], TARBALL_DOCS)
    return reply.redirect(codeloadUrl(ctx, repo, commit.sha), 302)
  })
}
