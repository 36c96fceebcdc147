import type { Account } from '../model.ts'

/** Where the simulator lives: `web` for html_url and OAuth, `api` for REST urls (GHES style). */
export interface Urls {
  web: string
  api: string
}

export const nodeId = (kind: string, id: number | string): string => Buffer.from(`0${kind.length}:${kind}${id}`).toString('base64')

const avatarUrl = (urls: Urls, account: Account): string => `${urls.web}/avatars/u/${account.id}?v=4`

/** An App's bot ({slug}[bot]) has its page at /apps/{slug}, as on GitHub; everyone else at /{login}. */
const htmlUrl = (urls: Urls, account: Account): string =>
  account.type === 'Bot' ? `${urls.web}/apps/${account.login.replace(/\[bot\]$/, '')}` : `${urls.web}/${account.login}`

/** GitHub's simple-user: what appears as owner, sender, author. */
export function simpleUser(urls: Urls, account: Account): Record<string, unknown> {
  // A bot's login has brackets, which GitHub percent-encodes in its URLs (users/gwm-local%5Bbot%5D).
  const base = `${urls.api}/users/${encodeURIComponent(account.login)}`
  return {
    login: account.login,
    id: account.id,
    node_id: nodeId(account.type, account.id),
    avatar_url: avatarUrl(urls, account),
    gravatar_id: '',
    url: base,
    html_url: htmlUrl(urls, account),
    followers_url: `${base}/followers`,
    following_url: `${base}/following{/other_user}`,
    gists_url: `${base}/gists{/gist_id}`,
    starred_url: `${base}/starred{/owner}{/repo}`,
    subscriptions_url: `${base}/subscriptions`,
    organizations_url: `${base}/orgs`,
    repos_url: `${base}/repos`,
    events_url: `${base}/events{/privacy}`,
    received_events_url: `${base}/received_events`,
    type: account.type,
    user_view_type: 'public',
    site_admin: false,
  }
}

/** GET /user for the signed-in user (private-user). */
export function privateUser(urls: Urls, account: Account, counts: { publicRepos: number; privateRepos: number }): Record<string, unknown> {
  return {
    ...simpleUser(urls, account),
    user_view_type: 'private',
    name: account.name,
    company: null,
    blog: '',
    location: null,
    email: account.email,
    notification_email: account.email,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: counts.publicRepos,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: account.createdAt,
    updated_at: account.createdAt,
    private_gists: 0,
    total_private_repos: counts.privateRepos,
    owned_private_repos: counts.privateRepos,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: false,
    plan: { name: 'free', space: 976_562_499, collaborators: 0, private_repos: 10_000 },
  }
}
