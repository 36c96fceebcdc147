import type { IUser } from '@gwm/domain'
import { HttpError } from '@gwm/runtime'

/** Who made a request, as established by one of the app.require* preHandlers. */
export type Principal = { kind: 'user'; user: IUser; githubToken: string } | { kind: 'platform' }

/** The signed-in user and their GitHub token, in a handler behind app.requireUser. */
export function signedIn(req: { principal: Principal | null }): { user: IUser; githubToken: string } {
  if (req.principal?.kind !== 'user') throw new HttpError(401, 'unauthorized', 'sign in first: GET /auth/login')
  return { user: req.principal.user, githubToken: req.principal.githubToken }
}
