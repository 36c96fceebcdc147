/** What the repositories page can say and offer for one repository, from GET /user/repos. */
export interface RepoFacts {
  connected: boolean
  installationId: number | null
  permissions: { admin: boolean }
  webhook: { status: 'none' | 'pending' | 'connected' | 'inactive' }
}

/** Which of the webhook's actions apply: an App installation has no hook of ours to manage. */
export function repoActions(repo: RepoFacts) {
  const appMode = repo.installationId !== null
  const hook = !appMode && repo.webhook.status !== 'none'
  return {
    connect: !repo.connected && repo.permissions.admin,
    ping: hook && repo.permissions.admin,
    rotate: hook && repo.permissions.admin,
    disconnect: hook && repo.permissions.admin,
    redeliver: (hook || appMode) && repo.permissions.admin,
  }
}

/** The connection state in words. */
export function connectionText(repo: RepoFacts): string {
  if (repo.installationId !== null) return `Connected through the GitHub App (installation ${repo.installationId})`
  switch (repo.webhook.status) {
    case 'connected':
      return 'Connected: webhook verified'
    case 'pending':
      return 'Webhook set up, waiting for GitHub\'s ping'
    case 'inactive':
      return 'Webhook disabled on GitHub: connect again to repair it'
    case 'none':
      return 'Not connected'
  }
}

/** GitHub App mode's answer to Connect for a repository the App does not cover: its install page, if the gateway named one. */
export function installUrlOf(error: { code: string; details: Record<string, unknown> } | null): string | null {
  const url = error?.code === 'app_not_installed' ? error.details.installUrl : undefined
  return typeof url === 'string' && /^https?:\/\//.test(url) ? url : null
}
