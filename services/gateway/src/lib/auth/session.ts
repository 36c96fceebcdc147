import type { FastifyRequest } from 'fastify'

/** Who is signed in, as the session remembers it (the User row is re-read per request). */
export interface SessionUser {
  id: string
  githubId: number
  login: string
}

/** A login in progress: the one-time state and where to send the browser afterwards. */
interface PendingLogin {
  state: string
  redirect: string
  startedAt: number
}

declare module '@fastify/secure-session' {
  interface SessionData {
    user: SessionUser
    /** The GitHub OAuth token. It exists nowhere else: not in Postgres, Redis or logs. */
    githubToken: string
    /** Epoch seconds of the login: the session's absolute lifetime counts from here. */
    loginAt: number
    oauth: PendingLogin
    _csrf: string
  }
}

export interface SignedInSession {
  user: SessionUser
  githubToken: string
  loginAt: number
}

/** The signed-in part of the session, or null when absent or older than maxAgeS. */
export function readSignedIn(req: FastifyRequest, maxAgeS: number, now = Date.now()): SignedInSession | null {
  const user = req.session.get('user')
  const githubToken = req.session.get('githubToken')
  const loginAt = req.session.get('loginAt')
  if (!user || !githubToken || typeof loginAt !== 'number') return null
  if ((loginAt + maxAgeS) * 1000 <= now) return null
  return { user, githubToken, loginAt }
}

/** Starts a fresh session (a new one, never the pre-login one) for the user. */
export function signIn(req: FastifyRequest, user: SessionUser, githubToken: string) {
  req.session.regenerate()
  req.session.set('user', user)
  req.session.set('githubToken', githubToken)
  req.session.set('loginAt', Math.floor(Date.now() / 1000))
}
