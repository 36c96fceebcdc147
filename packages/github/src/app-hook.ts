import type { GitHubClient } from './client.ts'
import type { RepoRef } from './hooks.ts'
import { mapped } from './map-error.ts'

/**
 * The events the pipeline routes, which our hooks and the App's webhook must receive: the deploy
 * rules' (push, pull_request, create, delete, release) and the CI gate's (check_suite, check_run).
 */
export const PIPELINE_EVENTS: readonly string[] = Object.freeze(['push', 'pull_request', 'create', 'delete', 'release', 'check_suite', 'check_run'])

/** The App's webhook configuration as GitHub shows it (the secret only as whether one is set). */
export interface AppHookConfig {
  /** Absent: the App's webhook has no URL (it delivers nothing). */
  url: string | null
  contentType: string
  hasSecret: boolean
  insecureSsl: string
}

/** GET /app/hook/config, with the App's JWT client. */
export async function getAppHookConfig(jwt: GitHubClient): Promise<AppHookConfig> {
  const res = await mapped(() => jwt.rest.apps.getWebhookConfigForApp())
  const data = res.data as { url?: string; content_type?: string; secret?: string; insecure_ssl?: string | number }
  return { url: data.url ?? null, contentType: data.content_type ?? 'form', hasSecret: typeof data.secret === 'string' && data.secret !== '', insecureSsl: String(data.insecure_ssl ?? '0') }
}

/** PATCH /app/hook/config: only the fields given change (the secret is left as it is). */
export async function updateAppHookConfig(jwt: GitHubClient, edit: { url?: string; contentType?: 'json' | 'form' }): Promise<AppHookConfig> {
  // The body goes as `data`: a `url` parameter would be taken for the request's own URL.
  const data = { ...(edit.url ? { url: edit.url } : {}), ...(edit.contentType ? { content_type: edit.contentType } : {}) }
  await mapped(() => jwt.request('PATCH /app/hook/config', { data }))
  return getAppHookConfig(jwt)
}

/** The events the App subscribes to (GET /app): set in the App's settings, not through the API. */
export async function appEvents(jwt: GitHubClient): Promise<string[]> {
  const res = await mapped(() => jwt.rest.apps.getAuthenticated())
  return [...((res.data as { events?: string[] } | null)?.events ?? [])]
}

/**
 * A repository hook turned back on and given the missing events, its config untouched (a PATCH
 * with a config replaces all of it, secret included; one without leaves it as it is).
 */
export async function reviveHook(github: GitHubClient, ref: RepoRef & { hookId: number }, change: { active?: boolean; addEvents?: string[] }): Promise<void> {
  await mapped(() => github.rest.repos.updateWebhook({
    owner: ref.owner, repo: ref.repo, hook_id: ref.hookId,
    ...(change.active !== undefined ? { active: change.active } : {}),
    ...(change.addEvents && change.addEvents.length > 0 ? { add_events: change.addEvents } : {}),
  }))
}
