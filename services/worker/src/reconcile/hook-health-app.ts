import { appEvents, getAppHookConfig, type GitHubClient, PIPELINE_EVENTS, updateAppHookConfig } from '@gwm/github'
import { errorText, type HookFinding, missingEvents, systemic } from './hook-health-finding.ts'

/**
 * The App's webhook (its JWT): delivers to WEBHOOK_URL, as JSON, signed, for every event the
 * pipeline routes. URL and content type are repaired through `PATCH /app/hook/config`; the secret
 * and the events are the App's settings, which GitHub's API cannot change: they need a person.
 * In GitHub's API an App webhook without a URL is one that delivers nothing (inactive).
 */
export async function checkAppHook(jwt: GitHubClient, webhookUrl: string | undefined): Promise<HookFinding> {
  const config = await getAppHookConfig(jwt)
  const events = await appEvents(jwt)
  const problems: string[] = []
  const edit: { url?: string; contentType?: 'json' } = {}
  if (config.url === null) problems.push('inactive: no URL')
  else if (webhookUrl && config.url !== webhookUrl) problems.push(`url: ${config.url}`)
  if (webhookUrl && config.url !== webhookUrl) edit.url = webhookUrl
  if (config.contentType !== 'json') {
    problems.push(`content_type: ${config.contentType}`)
    edit.contentType = 'json'
  }
  const person: string[] = []
  if (config.url === null && !webhookUrl) person.push('the App\'s webhook has no URL and WEBHOOK_URL is not set here: set it in the App\'s settings')
  if (!config.hasSecret) {
    problems.push('secret: none')
    person.push('set a webhook secret in the App\'s settings (the ingest\'s GITHUB_APP_WEBHOOK_SECRET)')
  }
  const missing = missingEvents(events, PIPELINE_EVENTS)
  if (missing.length > 0) {
    problems.push(`events: missing ${missing.join(', ')}`)
    person.push(`subscribe the App to ${missing.join(', ')} in its settings (GitHub's API cannot change an App's events)`)
  }
  let repaired = false
  let failure: string | null = null
  if (Object.keys(edit).length > 0) {
    try {
      const now = await updateAppHookConfig(jwt, edit)
      repaired = (edit.url === undefined || now.url === edit.url) && (edit.contentType === undefined || now.contentType === edit.contentType)
      if (!repaired) failure = 'GitHub accepted the repair but the configuration still differs'
    } catch (error) {
      if (systemic(error)) throw error
      failure = `repair failed: ${(error as Error).message}`
    }
  }
  return {
    hook: 'app',
    problems,
    repaired,
    error: errorText([failure, person.length > 0 ? `needs a person: ${person.join('; ')}` : null]),
    reenabled: repaired && config.url === null,
  }
}
