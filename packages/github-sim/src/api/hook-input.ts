import { validationFailed } from '../errors.ts'
import { HOOK_EVENTS } from '../event-names.ts'
import type { HookConfig } from '../model.ts'

const DOCS = 'https://docs.github.com/rest/repos/webhooks#create-a-repository-webhook'

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** Checks a `config` object of a create/update request; GitHub's 422s for what it rejects. */
export function parseConfig(raw: unknown): HookConfig {
  if (!isObject(raw)) throw validationFailed([{ resource: 'Hook', code: 'custom', message: 'Config must contain URL for webhooks' }], DOCS)
  const url = raw.url
  if (typeof url !== 'string' || url === '') throw validationFailed([{ resource: 'Hook', code: 'custom', message: 'Config must contain URL for webhooks' }], DOCS)
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw validationFailed([{ resource: 'Hook', code: 'custom', message: `Config url "${url}" is not a valid URL` }], DOCS)
  }
  const contentType = raw.content_type ?? 'form'
  if (contentType !== 'json' && contentType !== 'form') {
    throw validationFailed([{ resource: 'Hook', code: 'custom', message: 'Config content_type must be "json" or "form"' }], DOCS)
  }
  const insecure = String(raw.insecure_ssl ?? '0')
  if (insecure !== '0' && insecure !== '1') throw validationFailed([{ resource: 'Hook', code: 'custom', message: 'Config insecure_ssl must be "0" or "1"' }], DOCS)
  if (raw.secret !== undefined && raw.secret !== null && typeof raw.secret !== 'string') {
    throw validationFailed([{ resource: 'Hook', code: 'custom', message: 'Config secret must be a string' }], DOCS)
  }
  const config: HookConfig = { content_type: contentType, insecure_ssl: insecure, url }
  if (typeof raw.secret === 'string' && raw.secret !== '') config.secret = raw.secret
  return config
}

export function parseEvents(raw: unknown, field = 'events'): string[] {
  if (!Array.isArray(raw) || raw.some((event) => typeof event !== 'string')) {
    throw validationFailed([{ resource: 'Hook', code: 'invalid', field }], DOCS)
  }
  for (const event of raw as string[]) {
    if (!HOOK_EVENTS.has(event)) throw validationFailed([{ resource: 'Hook', code: 'custom', field, message: `Invalid event: "${event}"` }], DOCS)
  }
  return [...new Set(raw as string[])]
}

export function parseActive(raw: unknown): boolean {
  if (typeof raw !== 'boolean') throw validationFailed([{ resource: 'Hook', code: 'invalid', field: 'active' }], DOCS)
  return raw
}

export function requireObject(raw: unknown): Record<string, unknown> {
  if (!isObject(raw)) throw validationFailed([{ resource: 'Hook', code: 'invalid', message: 'Body must be a JSON object' }], DOCS)
  return raw
}

export const hookExists = () => validationFailed([{ resource: 'Hook', code: 'custom', message: 'Hook already exists on this repository' }], DOCS)
