import type { GatewayConfig } from '@gwm/config'

/** httpOnly, SameSite=Lax, whole site; Secure whenever the gateway is reached over https. */
export function sessionCookieOptions(config: Pick<GatewayConfig, 'REDIRECT_URI'>) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: new URL(config.REDIRECT_URI).protocol === 'https:',
  }
}
