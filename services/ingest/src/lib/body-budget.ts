import { HttpError } from '@gwm/runtime'
import { RETRY_AFTER_S } from './unavailable.ts'

/** A body's first megabyte is never refused: a typical delivery (a few KB) gets through whatever the large ones do. */
const SMALL_BODY_BYTES = 1024 * 1024

export interface BodyShare {
  /** Counts a chunk received; throws a 503 when the budget is spent and this body is past its first MB. */
  take(bytes: number): void
  /** Gives back what the request held, once it is answered (or its connection is gone). */
  release(): void
}

const tooMuchAtOnce = (limitBytes: number) =>
  new HttpError(503, 'unavailable', `the ingest is already receiving ${Math.round(limitBytes / 1024 / 1024)} MB of bodies: the delivery was not stored, redeliver it later`, {
    'retry-after': String(RETRY_AFTER_S),
    // The rest of the body is not wanted: close rather than read it to the end.
    connection: 'close',
  })

/**
 * Bounds the bytes of bodies held at once, from their first byte until their answer: slow or
 * large uploads, however well signed, cannot hold more than limitBytes between them.
 */
export function createBodyBudget(limitBytes: number) {
  let inUse = 0
  return {
    open(): BodyShare {
      let held = 0
      return {
        take(bytes) {
          if (held + bytes > SMALL_BODY_BYTES && inUse + bytes > limitBytes) throw tooMuchAtOnce(limitBytes)
          held += bytes
          inUse += bytes
        },
        release() {
          inUse -= held
          held = 0
        },
      }
    },
  }
}
