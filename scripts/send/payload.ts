import { readFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { UsageError } from './usage-error.ts'

export type Payload = Record<string, unknown>

/** A payload file's text, checked to be one JSON object. */
export function readPayloadFile(path: string): { text: string; payload: Payload } {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
  let payload: unknown
  try {
    payload = JSON.parse(text)
  } catch (error) {
    throw new UsageError(`${path} is not JSON: ${(error as Error).message}`)
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) throw new UsageError(`${path} is not a JSON object, as every webhook payload is`)
  return { text, payload: payload as Payload }
}

/**
 * Trailing JSON whitespace spelling 32 random bits: each body sent is its own, as each body
 * GitHub sends is (the ingest stores a body once per hook, whatever its delivery id), and the
 * payload means the same.
 */
export const distinctBody = (text: string) => {
  const bits = randomBytes(4).readUInt32BE(0).toString(2).padStart(32, '0')
  return `${text.trimEnd()}\n${bits.replaceAll('0', ' ').replaceAll('1', '\t')}\n`
}
