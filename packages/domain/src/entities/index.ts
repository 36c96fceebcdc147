import { CallbackAttempt } from './callback-attempt.ts'
import { DeployRules } from './deploy-rules.ts'
import { DeploymentRequest } from './deployment-request.ts'
import { EnvironmentSequence } from './environment-sequence.ts'
import { Installation } from './installation.ts'
import { PlatformNotice } from './platform-notice.ts'
import { Repository } from './repository.ts'
import { User } from './user.ts'
import { Webhook } from './webhook.ts'
import { WebhookEvent } from './webhook-event.ts'

export * from './callback-attempt.ts'
export * from './deploy-rules.ts'
export * from './deployment-request.ts'
export * from './environment-sequence.ts'
export * from './installation.ts'
export * from './platform-notice.ts'
export * from './repository.ts'
export * from './user.ts'
export * from './webhook.ts'
export * from './webhook-event.ts'

/** Listed explicitly: no folder globbing at start-up. */
export const ENTITIES = [User, Installation, Repository, DeployRules, EnvironmentSequence, Webhook, WebhookEvent, DeploymentRequest, PlatformNotice, CallbackAttempt]
