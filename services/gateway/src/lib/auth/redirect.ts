/**
 * Where to send the browser after login. Only FRONTEND_URL's own origin is allowed (a path,
 * or an absolute URL on that origin): anything else would make us an open redirect.
 * Returns null for a target that leaves the frontend.
 */
export function frontendTarget(raw: string | undefined, frontendUrl: string): string | null {
  if (raw === undefined || raw === '') return frontendUrl
  if (raw.includes('\\') || [...raw].some((char) => char.charCodeAt(0) < 0x20)) return null
  const frontend = new URL(frontendUrl)
  let target: URL
  try {
    target = new URL(raw, `${frontend.origin}/`)
  } catch {
    return null
  }
  if (target.origin !== frontend.origin) return null
  if (!target.pathname.startsWith(frontend.pathname)) return null
  return target.toString()
}
