import { HttpError } from '@gwm/runtime'

// A keyset cursor for lists ordered newest first by (time, id): opaque to clients, checked when read.

export const encodeCursor = (at: Date, id: string) => Buffer.from(`${at.toISOString()}|${id}`).toString('base64url')

export function decodeCursor(cursor: string): [Date, string] {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|')
  const date = new Date(at ?? '')
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(date.getTime())) {
    throw new HttpError(400, 'validation_failed', 'cursor is not one this API returned: pass nextCursor from the previous page')
  }
  return [date, id]
}
