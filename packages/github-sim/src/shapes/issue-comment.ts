import type { Account, IssueComment, Repo } from '../model.ts'
import { nodeId, simpleUser, type Urls } from './account.ts'

/** How the comment's author is related to the repository (GitHub's author_association). */
export type AuthorAssociation = 'OWNER' | 'COLLABORATOR' | 'MEMBER' | 'NONE'

/** A comment on an issue or pull request ("issue-comment"). */
export function issueCommentShape(urls: Urls, repo: Repo, comment: IssueComment, user: Account, association: AuthorAssociation, app: Record<string, unknown> | null): Record<string, unknown> {
  const api = `${urls.api}/repos/${repo.owner}/${repo.name}`
  const web = `${urls.web}/${repo.owner}/${repo.name}`
  const pull = repo.pulls.has(comment.issueNumber)
  return {
    id: comment.id,
    node_id: nodeId('IssueComment', comment.id),
    url: `${api}/issues/comments/${comment.id}`,
    html_url: `${web}/${pull ? 'pull' : 'issues'}/${comment.issueNumber}#issuecomment-${comment.id}`,
    body: comment.body,
    user: simpleUser(urls, user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${api}/issues/${comment.issueNumber}`,
    author_association: association,
    performed_via_github_app: app,
    reactions: {
      url: `${api}/issues/comments/${comment.id}/reactions`,
      total_count: 0, '+1': 0, '-1': 0, laugh: 0, confused: 0, heart: 0, hooray: 0, eyes: 0, rocket: 0,
    },
  }
}
