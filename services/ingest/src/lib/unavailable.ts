import { HttpError } from '@gwm/runtime'

/** Seconds GitHub (or any caller) is asked to wait before it redelivers. */
export const RETRY_AFTER_S = 5

/** 503 + Retry-After: the delivery was not stored, and the caller may send it again. */
export function unavailable(message: string): HttpError {
  return new HttpError(503, 'unavailable', message, { 'retry-after': String(RETRY_AFTER_S) })
}

export const redisUnreachable = () =>
  unavailable('the event store (Redis) is unreachable: the delivery was not stored, redeliver it later')

export const redisTooSlow = (ms: number) =>
  unavailable(`the event store (Redis) did not confirm the delivery within ${ms} ms: redeliver it later`)
