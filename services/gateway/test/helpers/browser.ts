import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import type { GatewayApp } from '../../src/app.ts'

/**
 * A cookie-keeping client for app.inject, like a browser talking to the gateway: cookies
 * set by a response are sent with the next request, cleared ones are dropped.
 */
export interface Browser {
  request(options: InjectOptions | string): Promise<LightMyRequestResponse>
  cookies: Map<string, string>
  /** The Cookie header a browser would send with the current jar (values URL-encoded, as set). */
  cookieHeader(): string
}

export function browser(app: GatewayApp, initial: Record<string, string> = {}): Browser {
  const cookies = new Map(Object.entries(initial))
  return {
    cookies,
    cookieHeader: () => [...cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; '),
    async request(options) {
      const opts = typeof options === 'string' ? { url: options } : options
      const res = await app.inject({ ...opts, cookies: { ...Object.fromEntries(cookies), ...(opts.cookies ?? {}) } })
      for (const cookie of res.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
        const expired = cookie.maxAge === 0 || (cookie.expires !== undefined && cookie.expires.getTime() <= Date.now()) || cookie.value === ''
        if (expired) cookies.delete(cookie.name)
        else cookies.set(cookie.name, cookie.value)
      }
      return res
    },
  }
}
