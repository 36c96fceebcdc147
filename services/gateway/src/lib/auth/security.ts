/** An OpenAPI security requirement list: any one entry satisfies it. */
export type SecurityRequirements = Array<Record<string, string[]>>

/**
 * OpenAPI security requirements, to put in route schemas beside the matching preHandler
 * (app.requireUser, app.requirePlatform, app.requireUserOrPlatform). The scheme names are
 * the ones the swagger plugin declares.
 */
export const SECURITY: Record<'user' | 'userWithCsrf' | 'platform' | 'userOrPlatform' | 'userWithCsrfOrPlatform', SecurityRequirements> = {
  user: [{ session: [] }],
  userWithCsrf: [{ session: [], csrf: [] }],
  platform: [{ platform: [] }],
  userOrPlatform: [{ session: [] }, { platform: [] }],
  userWithCsrfOrPlatform: [{ session: [], csrf: [] }, { platform: [] }],
}
