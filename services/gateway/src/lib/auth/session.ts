import { randomBytes } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type { SignedOutSessions } from './signed-out.ts'

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
    /** This session's id: signing out refuses it everywhere until it would have expired. */
    sid: string
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
  sid: string
  user: SessionUser
  githubToken: string
  loginAt: number
}

/**
 * The signed-in part of the session, or null when absent, older than maxAgeS or signed out.
 * A session sealed without an id (before sign-out could reach copies of a cookie) cannot be
 * signed out, so it is not accepted. Redis unreachable: the session is taken as not signed out
 * (its GitHub token was revoked at sign-out, so a copy reaches nothing on GitHub).
 */
export async function readSignedIn(req: FastifyRequest, maxAgeS: number, signedOut: SignedOutSessions, now = Date.now()): Promise<SignedInSession | null> {
  const sid = req.session.get('sid')
  const user = req.session.get('user')
  const githubToken = req.session.get('githubToken')
  const loginAt = req.session.get('loginAt')
  if (!sid || !user || !githubToken || typeof loginAt !== 'number') return null
  if ((loginAt + maxAgeS) * 1000 <= now) return null
  const ended = await signedOut.has(sid).catch((error: Error) => {
    req.log.warn({ reason: error.message }, 'signed-out sessions unreadable (Redis): session accepted')
    return false
  })
  return ended ? null : { sid, user, githubToken, loginAt }
}

/** Starts a fresh session (a new one, never the pre-login one) for the user. */
export function signIn(req: FastifyRequest, user: SessionUser, githubToken: string) {
  req.session.regenerate()
  req.session.set('sid', randomBytes(16).toString('base64url'))
  req.session.set('user', user)
  req.session.set('githubToken', githubToken)
  req.session.set('loginAt', Math.floor(Date.now() / 1000))
}
