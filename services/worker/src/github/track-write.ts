import { GitHubApiError, GitHubUnavailableError, RateLimitedError } from '@gwm/github'
import type { WorkerMetrics } from '../metrics.ts'

/** What the mirror writes to GitHub. */
type WriteKind = 'deployment' | 'deployment_status' | 'inactive_status' | 'comment'

/** Runs one GitHub write and counts it by kind and outcome (ok, rate_limited, unavailable, refused). */
export type TrackWrite = <T>(kind: WriteKind, write: () => Promise<T>) => Promise<T>

export function createTrackWrite(metrics: WorkerMetrics): TrackWrite {
  return async (kind, write) => {
    try {
      const result = await write()
      metrics.githubWrites.inc({ kind, outcome: 'ok' })
      return result
    } catch (error) {
      const outcome = error instanceof RateLimitedError ? 'rate_limited' : error instanceof GitHubUnavailableError ? 'unavailable' : error instanceof GitHubApiError ? 'refused' : 'error'
      metrics.githubWrites.inc({ kind, outcome })
      throw error
    }
  }
}
