// Small readers for the few payload fields the rules need. GitHub's payloads are trusted in
// shape (the ingest verified the signature) but a missing field yields "no request", never a throw.

export type Payload = Record<string, unknown>

export function obj(value: unknown): Payload | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Payload) : undefined
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

export const BRANCH_PREFIX = 'refs/heads/'
export const TAG_PREFIX = 'refs/tags/'
export const ZERO_SHA = '0000000000000000000000000000000000000000'
