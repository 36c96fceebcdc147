import { toGitHubError } from './map-error.ts'

/** A read that may be answered "not modified" when the caller sends the ETag it has. */
export type Conditional<T> = ({ notModified: false } & T & { etag: string | null }) | { notModified: true; etag: string }

/**
 * Sends If-None-Match when an ETag is given; GitHub (and the simulator) answer 304 for an
 * unchanged resource and do not count it against the rate limit.
 */
export async function conditional<R extends { headers: Record<string, unknown> }, T>(
  etag: string | undefined,
  call: (headers: Record<string, string>) => Promise<R>,
  shape: (response: R) => T,
): Promise<Conditional<T>> {
  try {
    const response = await call(etag ? { 'if-none-match': etag } : {})
    const fresh = response.headers.etag
    return { notModified: false, ...shape(response), etag: typeof fresh === 'string' ? fresh : null }
  } catch (error) {
    if (etag && (error as { status?: number }).status === 304) return { notModified: true, etag }
    throw toGitHubError(error)
  }
}
