import { ForbiddenError, getHook, type GitHubClient, NotFoundError, PIPELINE_EVENTS, reviveHook, updateHook } from '@gwm/github'
import type { SecretBox } from '@gwm/queue'
import { type HookFinding, missingEvents, systemic } from './hook-health-finding.ts'

/** A row of our webhooks table, with its repository's name. */
export interface HookRow {
  githubHookId: number
  fullName: string
  secretEncrypted: string
}

/**
 * One repository hook (the App's installation token, which needs the `repository_hooks`
 * permission): active, delivering to WEBHOOK_URL as JSON with a secret, for every event the
 * pipeline routes. Off or missing events are fixed without touching the config; a wrong URL,
 * content type or a lost secret needs the whole config sent again, secret included (opened
 * with SECRETS_KEY).
 */
export async function checkRepositoryHook(github: GitHubClient, row: HookRow, webhookUrl: string | undefined, box: SecretBox | undefined): Promise<HookFinding> {
  const [owner, repo] = row.fullName.split('/') as [string, string]
  const ref = { owner, repo, hookId: row.githubHookId }
  const finding = (problems: string[], error: string | null, repaired = false, reenabled = false): HookFinding => ({ hook: String(row.githubHookId), problems, repaired, error, reenabled })
  let hook: Awaited<ReturnType<typeof getHook>>
  try {
    hook = await getHook(github, ref)
  } catch (error) {
    if (error instanceof NotFoundError) return finding(['missing'], `needs a person: the hook is gone from ${row.fullName} (or hidden): set the webhook up again`)
    if (error instanceof ForbiddenError) return finding([], 'not checked: the App may not read this repository\'s hooks (it needs the repository_hooks permission)')
    throw error
  }
  const problems: string[] = []
  if (!hook.active) problems.push('inactive')
  const configDrift = (webhookUrl !== undefined && hook.url !== webhookUrl) || hook.contentType !== 'json' || !hook.hasSecret
  if (webhookUrl !== undefined && hook.url !== webhookUrl) problems.push(`url: ${hook.url}`)
  if (hook.contentType !== 'json') problems.push(`content_type: ${hook.contentType}`)
  if (!hook.hasSecret) problems.push('secret: none')
  const missing = missingEvents(hook.events, PIPELINE_EVENTS)
  if (missing.length > 0) problems.push(`events: missing ${missing.join(', ')}`)
  if (problems.length === 0) return finding([], null)
  try {
    if (configDrift && box && webhookUrl) {
      await updateHook(github, { ...ref, url: webhookUrl, secret: box.open(row.secretEncrypted, row.githubHookId), events: [...new Set([...hook.events, ...missing])], contentType: 'json', active: true })
      return finding(problems, null, true, !hook.active)
    }
    if (!hook.active || missing.length > 0) await reviveHook(github, ref, { ...(hook.active ? {} : { active: true }), addEvents: missing })
    const left = configDrift ? 'needs a person or SECRETS_KEY and WEBHOOK_URL here: the config can only be sent whole, secret included' : null
    return finding(problems, left, !hook.active || missing.length > 0, !hook.active)
  } catch (error) {
    if (systemic(error)) throw error
    return finding(problems, `repair failed: ${(error as Error).message}`)
  }
}
