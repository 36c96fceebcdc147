/** Socket errors of a connection that could not be made or was cut. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])
/** SQLSTATEs of a server going away or not taking connections: admin/crash shutdown, starting up, too many connections. */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300'])
/** What pg and pg-pool say when a connection dies mid-way or none comes in time. */
const CUT_MESSAGES = ['Connection terminated', 'timeout exceeded when trying to connect']

/**
 * Whether an error says Postgres could not be reached (refused, cut, shutting down), as opposed to
 * Postgres refusing what was asked of it. The first is no fault of the data and passes once
 * Postgres is back; MikroORM's DriverException keeps the driver's code, and a cause is followed.
 */
export function isPostgresUnreachable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.has(code) || code.startsWith('08'))) return true
    if (CUT_MESSAGES.some((message) => current instanceof Error && current.message.startsWith(message))) return true
  }
  return false
}
