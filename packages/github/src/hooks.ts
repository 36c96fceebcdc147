import type { GitHubClient } from './client.ts'
import { GitHubApiError, ValidationFailedError } from './errors.ts'
import { mapped } from './map-error.ts'

export interface HookInfo {
  id: number
  url: string
  contentType: string
  events: string[]
  active: boolean
  /** GitHub never returns the secret, only whether one is set. */
  hasSecret: boolean
  createdAt: string
  updatedAt: string
  lastResponse: { code: number | null; status: string | null; message: string | null }
}

export interface RepoRef {
  owner: string
  repo: string
}

export interface OurHook extends RepoRef {
  /** Where GitHub should deliver (our ingest's /api/webhook). */
  url: string
  secret: string
  events: string[]
  contentType?: 'json' | 'form'
}

interface RawHook {
  id: number
  active: boolean
  events: string[]
  config: { url?: string; content_type?: string; secret?: string }
  created_at: string
  updated_at: string
  last_response?: { code?: number | null; status?: string | null; message?: string | null }
}

function toHookInfo(hook: RawHook): HookInfo {
  return {
    id: hook.id,
    url: hook.config.url ?? '',
    contentType: hook.config.content_type ?? 'form',
    events: [...hook.events],
    active: hook.active,
    hasSecret: typeof hook.config.secret === 'string' && hook.config.secret !== '',
    createdAt: hook.created_at,
    updatedAt: hook.updated_at,
    lastResponse: { code: hook.last_response?.code ?? null, status: hook.last_response?.status ?? null, message: hook.last_response?.message ?? null },
  }
}

/** Every hook of a repository (admin rights needed). */
export async function listHooks(github: GitHubClient, ref: RepoRef): Promise<HookInfo[]> {
  const hooks = await mapped(() => github.paginate(github.rest.repos.listWebhooks, { owner: ref.owner, repo: ref.repo, per_page: 100 }))
  return hooks.map((hook) => toHookInfo(hook as RawHook))
}

/** Our hook on the repository (the one delivering to `url`), or null. */
export async function findHook(github: GitHubClient, ref: RepoRef & { url: string }): Promise<HookInfo | null> {
  return (await listHooks(github, ref)).find((hook) => hook.url === ref.url) ?? null
}

export async function getHook(github: GitHubClient, ref: RepoRef & { hookId: number }): Promise<HookInfo> {
  const res = await mapped(() => github.rest.repos.getWebhook({ owner: ref.owner, repo: ref.repo, hook_id: ref.hookId }))
  return toHookInfo(res.data as RawHook)
}

const alreadyExists = (error: unknown) =>
  error instanceof ValidationFailedError && error.errors.some((entry) => /already exists/i.test(entry.message ?? ''))

/**
 * Updates a hook to deliver to our URL with our secret, events and content type. The whole config
 * is sent: on GitHub a config without `secret` removes the secret.
 */
export async function updateHook(github: GitHubClient, hook: OurHook & { hookId: number; active?: boolean }): Promise<HookInfo> {
  const res = await mapped(() => github.rest.repos.updateWebhook({
    owner: hook.owner, repo: hook.repo, hook_id: hook.hookId, active: hook.active ?? true, events: hook.events,
    config: { url: hook.url, content_type: hook.contentType ?? 'json', secret: hook.secret, insecure_ssl: '0' },
  }))
  return toHookInfo(res.data as RawHook)
}

/**
 * Makes sure exactly our hook exists: creates it, or (when one already delivers to our URL)
 * updates it with the given secret and events. A 422 "Hook already exists" from a race with
 * another request is resolved by adopting the existing hook.
 */
export async function ensureHook(github: GitHubClient, hook: OurHook): Promise<{ hook: HookInfo; action: 'created' | 'updated' | 'adopted' }> {
  const existing = await findHook(github, hook)
  if (existing) return { hook: await updateHook(github, { ...hook, hookId: existing.id }), action: 'updated' }
  try {
    const res = await mapped(() => github.rest.repos.createWebhook({
      owner: hook.owner, repo: hook.repo, name: 'web', active: true, events: hook.events,
      config: { url: hook.url, content_type: hook.contentType ?? 'json', secret: hook.secret, insecure_ssl: '0' },
    }))
    return { hook: toHookInfo(res.data as RawHook), action: 'created' }
  } catch (error) {
    if (!alreadyExists(error)) throw error
    const raced = await findHook(github, hook)
    if (!raced) throw error
    return { hook: await updateHook(github, { ...hook, hookId: raced.id }), action: 'adopted' }
  }
}

/**
 * Deletes a hook. Returns false when it was already gone (the repository is still administrable
 * but the hook is not there); a repository that is hidden or not administrable still throws.
 */
export async function deleteHook(github: GitHubClient, ref: RepoRef & { hookId: number }): Promise<boolean> {
  try {
    await mapped(() => github.rest.repos.deleteWebhook({ owner: ref.owner, repo: ref.repo, hook_id: ref.hookId }))
    return true
  } catch (error) {
    if (!(error instanceof GitHubApiError) || error.code !== 'not_found') throw error
    const repo = await mapped(() => github.rest.repos.get({ owner: ref.owner, repo: ref.repo })).catch(() => null)
    if (repo?.data.permissions?.admin) return false
    throw error
  }
}

/** Asks GitHub to send a `ping` to the hook. */
export async function pingHook(github: GitHubClient, ref: RepoRef & { hookId: number }): Promise<void> {
  await mapped(() => github.rest.repos.pingWebhook({ owner: ref.owner, repo: ref.repo, hook_id: ref.hookId }))
}
