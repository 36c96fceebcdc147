import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/** How long a download link for a private repository works (GitHub's codeload and raw links are short-lived too). */
const DOWNLOAD_TTL_MS = 5 * 60_000

/**
 * Signs simulator download paths (tarballs, raw files of private repositories) the way GitHub's
 * codeload links carry a `token`: valid for one path, for a few minutes, without any other credential.
 */
export class UrlSigner {
  private readonly key = randomBytes(32)

  sign(path: string, now = Date.now()): string {
    const expires = Math.floor((now + DOWNLOAD_TTL_MS) / 1000)
    return `${expires}.${this.mac(path, expires)}`
  }

  verify(path: string, token: string | undefined, now = Date.now()): boolean {
    const match = token?.match(/^(\d+)\.([\w-]+)$/)
    if (!match) return false
    const expires = Number(match[1])
    if (expires * 1000 <= now) return false
    const expected = Buffer.from(this.mac(path, expires))
    const given = Buffer.from(match[2]!)
    return expected.length === given.length && timingSafeEqual(expected, given)
  }

  private mac(path: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${expires}\n${path}`).digest('base64url')
  }
}
