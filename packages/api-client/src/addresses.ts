import type { paths } from './schema.d.ts'

/** The live stream, which a browser opens with EventSource rather than fetch. */
export const EVENTS_STREAM_PATH = '/api/events/stream' satisfies keyof paths

const LOGIN_PATH = '/auth/login' satisfies keyof paths

/** Where "Sign in" goes: GitHub's sign-in, then back to `returnTo` (a path of the console). */
export function loginUrl(returnTo: string): string {
  const path = returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/'
  return path === '/' ? LOGIN_PATH : `${LOGIN_PATH}?${new URLSearchParams({ redirect: path })}`
}
