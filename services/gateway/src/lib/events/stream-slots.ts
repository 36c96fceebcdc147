import { HttpError } from '@gwm/runtime'

/** Places for live event streams in this process: take one per stream, release it when the stream ends. */
export interface StreamSlots {
  /** A place for a stream of this user (null: the platform, bound only by the process's cap), else 429. */
  take(userId: string | null): () => void
}

export function streamSlots({ perUser, perProcess }: { perUser: number; perProcess: number }): StreamSlots {
  const byUser = new Map<string, number>()
  let open = 0
  return {
    take(userId) {
      if (open >= perProcess) {
        throw new HttpError(429, 'too_many_streams', `this gateway holds as many event streams as it may (EVENTS_STREAM_MAX_PER_PROCESS=${perProcess}): retry shortly, or read GET /api/events`, { 'retry-after': '30' })
      }
      const mine = userId === null ? 0 : (byUser.get(userId) ?? 0)
      if (userId !== null && mine >= perUser) {
        throw new HttpError(429, 'too_many_streams', `at most ${perUser} open event streams per user (EVENTS_STREAM_MAX_PER_USER): close one (another tab?) before opening another`)
      }
      open += 1
      if (userId !== null) byUser.set(userId, mine + 1)
      let released = false
      return () => {
        if (released) return
        released = true
        open -= 1
        if (userId === null) return
        const left = (byUser.get(userId) ?? 1) - 1
        if (left > 0) byUser.set(userId, left)
        else byUser.delete(userId)
      }
    },
  }
}
