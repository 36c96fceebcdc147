import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest()

/** The password of an `Authorization: Basic` header (any user name), or undefined when there is none to read. */
function basicPassword(header: string | undefined): string | undefined {
  const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/i.exec(header?.trim() ?? '')
  if (!match) return undefined
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  return colon === -1 ? undefined : decoded.slice(colon + 1)
}

/**
 * The operator pages' door: HTTP basic auth with PASSWORD (any user name), compared as SHA-256
 * digests in constant time, so neither the length nor a prefix of the password shows in the
 * timing. A browser remembers the credentials and sends them to any request for these pages,
 * so a change asked from another site (its Origin is not ours) is refused.
 */
export function operatorGate(password: string) {
  const expected = digest(password)
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const given = basicPassword(req.headers.authorization)
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      return reply.code(401).header('www-authenticate', 'Basic realm="operators", charset="UTF-8"')
        .send({ error: 'unauthorized', message: 'the operator pages need HTTP basic auth with the PASSWORD the gateway was started with (any user name)' })
    }
    const origin = req.headers.origin
    if (req.method !== 'GET' && req.method !== 'HEAD' && origin !== undefined && (!URL.canParse(origin) || new URL(origin).host !== req.host)) {
      return reply.code(403).send({ error: 'forbidden', message: 'operator actions are accepted from the operator pages only (Origin is another site)' })
    }
  }
}
