import type { GatewayConfig } from '@gwm/config'

/** Whether the gateway is reached over https (REDIRECT_URI is its public callback URL). */
export const servedOverHttps = (config: Pick<GatewayConfig, 'REDIRECT_URI'>) => new URL(config.REDIRECT_URI).protocol === 'https:'

/**
 * The session cookie's name. Over https it carries the __Host- prefix: browsers then accept it
 * only from this exact host, Secure, with Path=/, so a sibling subdomain cannot plant one.
 */
export const sessionCookieName = (config: Pick<GatewayConfig, 'REDIRECT_URI'>) =>
  servedOverHttps(config) ? '__Host-gwm_session' : 'gwm_session'

/** httpOnly, SameSite=Lax, whole site; Secure whenever the gateway is reached over https. */
export function sessionCookieOptions(config: Pick<GatewayConfig, 'REDIRECT_URI'>) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: servedOverHttps(config),
  }
}
