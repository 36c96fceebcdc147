import type { Account, App, Installation, InstallationToken, Repo } from '../model.ts'
import { nodeId, simpleUser, type Urls } from './account.ts'

/** GET /app ("integration"); `installations_count` only when the App asks about itself. */
export function integrationShape(urls: Urls, app: Pick<App, 'id' | 'slug' | 'name' | 'description' | 'clientId' | 'createdAt' | 'updatedAt' | 'permissions' | 'events'>, owner: Account, installationsCount?: number): Record<string, unknown> {
  return {
    id: app.id,
    slug: app.slug,
    node_id: nodeId('Integration', app.id),
    client_id: app.clientId,
    owner: simpleUser(urls, owner),
    name: app.name,
    description: app.description,
    external_url: `${urls.web}/apps/${app.slug}`,
    html_url: `${urls.web}/apps/${app.slug}`,
    created_at: app.createdAt,
    updated_at: app.updatedAt,
    permissions: { ...app.permissions },
    events: [...app.events],
    ...(installationsCount === undefined ? {} : { installations_count: installationsCount }),
  }
}

/** An installation ("installation"), in REST answers and in `installation` webhook payloads. */
export function installationShape(urls: Urls, installation: Installation, app: App, account: Account, suspendedBy: Account | null): Record<string, unknown> {
  const settings = account.type === 'Organization' ? `${urls.web}/organizations/${account.login}/settings/installations` : `${urls.web}/settings/installations`
  return {
    id: installation.id,
    client_id: app.clientId,
    account: simpleUser(urls, account),
    repository_selection: installation.repositorySelection,
    access_tokens_url: `${urls.api}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${urls.api}/installation/repositories`,
    html_url: `${settings}/${installation.id}`,
    app_id: app.id,
    app_slug: app.slug,
    target_id: account.id,
    target_type: account.type,
    permissions: { ...installation.permissions },
    events: [...installation.events],
    created_at: installation.createdAt,
    updated_at: installation.updatedAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: suspendedBy ? simpleUser(urls, suspendedBy) : null,
    suspended_at: installation.suspendedAt,
  }
}

/** POST /app/installations/{id}/access_tokens ("installation-token"). */
export function installationTokenShape(token: InstallationToken, selection: 'all' | 'selected', repositories: Record<string, unknown>[] | null): Record<string, unknown> {
  return {
    token: token.token,
    expires_at: new Date(token.expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    permissions: { ...token.permissions },
    repository_selection: selection,
    ...(repositories ? { repositories } : {}),
  }
}

/** GET /app/hook/config ("webhook-config"): the secret masked, as GitHub does. */
export function appHookConfig(app: App): Record<string, unknown> {
  return {
    content_type: app.webhook.contentType,
    ...(app.webhook.secret ? { secret: '********' } : {}),
    ...(app.webhook.url ? { url: app.webhook.url } : {}),
    insecure_ssl: app.webhook.insecureSsl,
  }
}

/** The short repository objects of installation webhook payloads. */
export const miniRepository = (repo: Repo): Record<string, unknown> =>
  ({ id: repo.id, node_id: nodeId('Repository', repo.id), name: repo.name, full_name: `${repo.owner}/${repo.name}`, private: repo.private })
