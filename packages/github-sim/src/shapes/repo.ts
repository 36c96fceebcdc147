import type { Account, Repo } from '../model.ts'
import type { Permission } from '../seed.ts'
import { nodeId, simpleUser, type Urls } from './account.ts'

/** The *_url templates every repository object carries. */
function repoUrls(urls: Urls, repo: Repo): Record<string, string> {
  const api = `${urls.api}/repos/${repo.owner}/${repo.name}`
  const host = new URL(urls.web).host
  return {
    html_url: `${urls.web}/${repo.owner}/${repo.name}`,
    url: api,
    forks_url: `${api}/forks`,
    keys_url: `${api}/keys{/key_id}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    teams_url: `${api}/teams`,
    hooks_url: `${api}/hooks`,
    issue_events_url: `${api}/issues/events{/number}`,
    events_url: `${api}/events`,
    assignees_url: `${api}/assignees{/user}`,
    branches_url: `${api}/branches{/branch}`,
    tags_url: `${api}/tags`,
    blobs_url: `${api}/git/blobs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    trees_url: `${api}/git/trees{/sha}`,
    statuses_url: `${api}/statuses/{sha}`,
    languages_url: `${api}/languages`,
    stargazers_url: `${api}/stargazers`,
    contributors_url: `${api}/contributors`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    commits_url: `${api}/commits{/sha}`,
    git_commits_url: `${api}/git/commits{/sha}`,
    comments_url: `${api}/comments{/number}`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    contents_url: `${api}/contents/{+path}`,
    compare_url: `${api}/compare/{base}...{head}`,
    merges_url: `${api}/merges`,
    archive_url: `${api}/{archive_format}{/ref}`,
    downloads_url: `${api}/downloads`,
    issues_url: `${api}/issues{/number}`,
    pulls_url: `${api}/pulls{/number}`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    labels_url: `${api}/labels{/name}`,
    releases_url: `${api}/releases{/id}`,
    deployments_url: `${api}/deployments`,
    git_url: `git://${host}/${repo.owner}/${repo.name}.git`,
    ssh_url: `git@${host}:${repo.owner}/${repo.name}.git`,
    clone_url: `${urls.web}/${repo.owner}/${repo.name}.git`,
    svn_url: `${urls.web}/${repo.owner}/${repo.name}`,
  }
}

function permissions(permission: Permission | null): Record<string, boolean> {
  const rank = permission === 'admin' ? 3 : permission === 'push' ? 2 : permission === 'pull' ? 1 : 0
  return { admin: rank >= 3, maintain: rank >= 3, push: rank >= 2, triage: rank >= 2, pull: rank >= 1 }
}

/** The common core of repository objects (REST and webhook payloads). */
function core(urls: Urls, repo: Repo, owner: Account): Record<string, unknown> {
  return {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    private: repo.private,
    owner: simpleUser(urls, owner),
    description: repo.description,
    fork: repo.parentId !== null,
    ...repoUrls(urls, repo),
    homepage: null,
    size: repo.commits.size,
    stargazers_count: 0,
    watchers_count: 0,
    language: null,
    has_issues: true,
    has_projects: true,
    has_downloads: true,
    has_wiki: true,
    has_pages: false,
    has_discussions: false,
    forks_count: repo.forkCount,
    mirror_url: null,
    archived: false,
    disabled: false,
    open_issues_count: 0,
    license: null,
    allow_forking: true,
    is_template: false,
    web_commit_signoff_required: false,
    topics: [],
    visibility: repo.private ? 'private' : 'public',
    forks: repo.forkCount,
    open_issues: 0,
    watchers: 0,
    default_branch: repo.defaultBranch,
    created_at: repo.createdAt,
    updated_at: repo.updatedAt,
    pushed_at: repo.pushedAt,
  }
}

/** A repository without the caller's permissions ("minimal-repository", e.g. a check suite's `repository`). */
export const minimalRepository = (urls: Urls, repo: Repo, owner: Account): Record<string, unknown> => core(urls, repo, owner)

/** An item of GET /user/repos ("repository"), with the caller's permissions. */
export function repository(urls: Urls, repo: Repo, owner: Account, permission: Permission | null): Record<string, unknown> {
  return { ...core(urls, repo, owner), permissions: permissions(permission) }
}

/** A fork's `parent` and `source` in GET /repos/{owner}/{repo}: each with the caller's permissions there. */
export interface ForkOrigins {
  parent: Record<string, unknown>
  source: Record<string, unknown>
}

/** GET /repos/{owner}/{repo} ("full-repository"). */
export function fullRepository(urls: Urls, repo: Repo, owner: Account, permission: Permission | null, origins?: ForkOrigins): Record<string, unknown> {
  const admin = permission === 'admin'
  return {
    ...core(urls, repo, owner),
    ...(origins ?? {}),
    ...(permission ? { permissions: permissions(permission) } : {}),
    ...(admin ? { allow_squash_merge: true, allow_merge_commit: true, allow_rebase_merge: true, allow_auto_merge: false, delete_branch_on_merge: false } : {}),
    ...(owner.type === 'Organization' ? { organization: simpleUser(urls, owner) } : {}),
    temp_clone_token: repo.private ? '' : null,
    network_count: 0,
    subscribers_count: 0,
  }
}

/** The repository object inside webhook payloads (push payloads use epoch seconds for two dates). */
export function webhookRepository(urls: Urls, repo: Repo, owner: Account, event: string): Record<string, unknown> {
  const base: Record<string, unknown> = { ...core(urls, repo, owner) }
  base.custom_properties = {}
  if (event === 'push') {
    base.owner = { name: owner.login, email: owner.email, ...simpleUser(urls, owner) }
    base.created_at = Math.floor(Date.parse(repo.createdAt) / 1000)
    base.pushed_at = Math.floor(Date.parse(repo.pushedAt) / 1000)
    base.stargazers = 0
    base.master_branch = repo.defaultBranch
    if (owner.type === 'Organization') base.organization = owner.login
  }
  return base
}
