import { isUtf8 } from 'node:buffer'
import { isJsonObject } from '@gwm/queue'
import { UnrecoverableError } from 'bullmq'

// A JSON escape counts only when an even number of backslashes precede it ("\\u0000" is text).
const UNESCAPED = '(?<=(?:^|[^\\\\])(?:\\\\\\\\)*)'
const NUL = new RegExp(`${UNESCAPED}\\\\u0000`, 'g')
// An escaped high surrogate with no low one after it, or a low one with no high one before it.
const LONE_SURROGATE = new RegExp(`${UNESCAPED}(?:\\\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\\\u[dD][c-fC-F][0-9a-fA-F]{2})|(?<!\\\\u[dD][89abAB][0-9a-fA-F]{2})\\\\u[dD][c-fC-F][0-9a-fA-F]{2})`, 'g')

const MAYBE_SURROGATE = /\\u[dD][89a-fA-F]/

export interface ParsedPayload {
  /** For the rules and the few columns read from it. */
  object: Record<string, unknown>
  /**
   * What is stored (a json column): GitHub's own text, never re-serialized (an object 10,000 levels
   * deep parses, but JSON.stringify cannot write it back), with the two things Postgres refuses
   * as JSON — unpaired surrogates, and U+0000, which json takes but jsonb and text cannot hold
   * (so the stored text stays castable to jsonb for queries) — replaced by U+FFFD.
   */
  json: string
}

/** The job's raw JSON text; anything but a JSON object can never succeed, so it is not retried. */
export function parsePayload(raw: string): ParsedPayload {
  const start = raw.trimStart()[0]
  if (start !== undefined && start !== '{') {
    try {
      JSON.parse(raw)
    } catch (error) {
      // Nested too deep to parse (a RangeError) is still, visibly, not an object.
      if (error instanceof SyntaxError) throw new UnrecoverableError('payload is not valid JSON')
    }
    throw new UnrecoverableError('payload is not a JSON object')
  }
  let object: unknown
  try {
    object = JSON.parse(raw)
  } catch {
    throw new UnrecoverableError('payload is not valid JSON')
  }
  if (!isJsonObject(object)) throw new UnrecoverableError('payload is not a JSON object')
  return { object, json: storableJson(raw) }
}

/**
 * A payload's text as it is stored: unchanged, unless it holds an unpaired surrogate (Postgres
 * refuses it as JSON) or U+0000 (jsonb and text cannot hold it), which become U+FFFD.
 */
function storableJson(raw: string): string {
  let json = raw.isWellFormed() ? raw : raw.toWellFormed()
  // The replacements scan the whole text with look-behinds: only when a cheap test says they may apply.
  if (!json.includes('\\u')) return json
  if (json.includes('\\u0000')) json = json.replace(NUL, '\\ufffd')
  if (MAYBE_SURROGATE.test(json)) json = json.replace(LONE_SURROGATE, '\\ufffd')
  return json
}

/** storableJson for bytes: the bytes themselves unless they need a replacement (or are not UTF-8). */
export function storableJsonBytes(payload: Buffer): Buffer {
  if (isUtf8(payload) && !payload.includes('\\u')) return payload
  return Buffer.from(storableJson(payload.toString('utf8')))
}
