import type { DeploymentKind } from '../entities/deployment-request.ts'

/** The `type` of the platform callback for a request of this kind. */
export const CALLBACK_TYPES = {
  requested: 'deployment.requested',
  teardown: 'deployment.teardown',
  userProvisioned: 'user.provisioned',
} as const
export type CallbackType = (typeof CALLBACK_TYPES)[keyof typeof CALLBACK_TYPES]

export const callbackTypeOf = (kind: DeploymentKind): CallbackType =>
  kind === 'teardown' ? CALLBACK_TYPES.teardown : CALLBACK_TYPES.requested
