import { UnrecoverableError } from 'bullmq'

/** Postgres jsonb cannot hold U+0000; GitHub payloads rarely do, but one would fail forever. */
function dropNulChars(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('\u0000', '\uFFFD')
  if (Array.isArray(value)) return value.map(dropNulChars)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [dropNulChars(key) as string, dropNulChars(inner)]))
  }
  return value
}

/** The job's raw JSON text to an object; anything else can never succeed, so it is not retried. */
export function parsePayload(raw: string): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    throw new UnrecoverableError('payload is not valid JSON')
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UnrecoverableError('payload is not a JSON object')
  }
  return (raw.includes('\\u0000') ? dropNulChars(parsed) : parsed) as Record<string, unknown>
}
