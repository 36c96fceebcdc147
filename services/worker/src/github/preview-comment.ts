import type { EntityManager } from '@gwm/domain'
import { findComment, type GitHubClient, upsertComment } from '@gwm/github'
import { type MirrorRequest, repoRef } from './mirror-request.ts'
import { withMirrorLock } from './mirror-lock.ts'
import type { TrackWrite } from './track-write.ts'

/** Marks our comment, so it is found again when its row is missing (a worker died between GitHub and Postgres). */
const MARKER = '<!-- gwm:preview-comment -->'

function commentBody(request: MirrorRequest, url: string, at: Date): string {
  const commit = request.sha ? ` of \`${request.sha.slice(0, 7)}\`` : ''
  return `${MARKER}\n**Preview deployed**${commit}: ${url}\n\nEnvironment \`${request.environment}\` · updated ${at.toISOString().replace(/\.\d{3}Z$/, 'Z')}\n`
}

/**
 * The pull request's one preview comment: created on its first successful preview, updated on
 * each later one (never a second comment). One writer at a time per pull request.
 */
export async function writePreviewComment(em: EntityManager, github: GitHubClient, request: MirrorRequest & { pullRequest: number }, url: string, track: TrackWrite): Promise<'created' | 'updated'> {
  const repo = repoRef(request)
  return withMirrorLock(em, `comment:${request.repositoryId}:${request.pullRequest}`, async (tx) => {
    const [row] = await tx.execute<Array<{ github_comment_id: string }>>('select github_comment_id from preview_comments where repository_id = ? and pull_request = ?', [request.repositoryId, request.pullRequest])
    const known = row ? Number(row.github_comment_id) : await findComment(github, repo, request.pullRequest, MARKER)
    const written = await track('comment', () => upsertComment(github, repo, request.pullRequest, commentBody(request, url, new Date()), known))
    await tx.execute(
      `insert into preview_comments (repository_id, pull_request, github_comment_id, url, created_at, updated_at) values (?, ?, ?, ?, now(), now())
       on conflict (repository_id, pull_request) do update set github_comment_id = excluded.github_comment_id, url = excluded.url, updated_at = now()`,
      [request.repositoryId, request.pullRequest, written.id, url],
    )
    return written.created ? 'created' : 'updated'
  })
}
