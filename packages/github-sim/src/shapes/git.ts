import type { Account, Commit, Repo } from '../model.ts'
import { nodeId, simpleUser, type Urls } from './account.ts'

/** An item of GET /repos/{o}/{r}/commits ("commit"). */
export function commitShape(urls: Urls, repo: Repo, commit: Commit, lookup: (login: string) => Account | undefined): Record<string, unknown> {
  const api = `${urls.api}/repos/${repo.owner}/${repo.name}`
  const html = `${urls.web}/${repo.owner}/${repo.name}`
  const person = (login: string | null) => {
    const account = login ? lookup(login) : undefined
    return account ? simpleUser(urls, account) : null
  }
  return {
    sha: commit.sha,
    node_id: nodeId('Commit', commit.sha),
    commit: {
      author: { name: commit.author.name, email: commit.author.email, date: commit.author.date },
      committer: { name: commit.committer.name, email: commit.committer.email, date: commit.committer.date },
      message: commit.message,
      tree: { sha: commit.treeSha, url: `${api}/git/trees/${commit.treeSha}` },
      url: `${api}/git/commits/${commit.sha}`,
      comment_count: 0,
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
    },
    url: `${api}/commits/${commit.sha}`,
    html_url: `${html}/commit/${commit.sha}`,
    comments_url: `${api}/commits/${commit.sha}/comments`,
    author: person(commit.author.login),
    committer: person(commit.committer.login),
    parents: commit.parents.map((sha) => ({ sha, url: `${api}/commits/${sha}`, html_url: `${html}/commit/${sha}` })),
  }
}

/** An item of GET /repos/{o}/{r}/branches ("short-branch"). */
export function shortBranch(urls: Urls, repo: Repo, name: string, sha: string): Record<string, unknown> {
  return {
    name,
    commit: { sha, url: `${urls.api}/repos/${repo.owner}/${repo.name}/commits/${sha}` },
    protected: false,
  }
}

/** GET /repos/{o}/{r}/branches/{branch} ("branch-with-protection"): the simulator protects no branch. */
export function branchShape(urls: Urls, repo: Repo, name: string, head: Record<string, unknown>): Record<string, unknown> {
  const api = `${urls.api}/repos/${repo.owner}/${repo.name}/branches/${name}`
  return {
    name,
    commit: head,
    _links: { self: api, html: `${urls.web}/${repo.owner}/${repo.name}/tree/${name}` },
    protected: false,
    protection: { enabled: false, required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] } },
    protection_url: `${api}/protection`,
  }
}
