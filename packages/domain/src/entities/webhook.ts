import { randomUUID } from 'node:crypto'
import { defineEntity, type InferEntity, p } from '@mikro-orm/core'
import { Repository } from './repository.ts'
import { User } from './user.ts'

/** Our hook on a GitHub repository. Its secrets are stored sealed, bound to the hook (SecretBox in @gwm/queue). */
export const Webhook = defineEntity({
  name: 'Webhook',
  tableName: 'webhooks',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    githubHookId: p.bigint('number').unique(),
    repository: () => p.manyToOne(Repository),
    connectedBy: () => p.manyToOne(User).nullable(),
    events: p.array(),
    secretEncrypted: p.text(),
    /** The previous secret, still accepted until previousSecretExpiresAt (rotation grace). */
    previousSecretEncrypted: p.text().nullable(),
    previousSecretExpiresAt: p.datetime().nullable(),
    /** A rotation's new secret, recorded before GitHub is asked to use it: accepted beside the current one until the rotation completes. */
    pendingSecretEncrypted: p.text().nullable(),
    active: p.boolean().default(true),
    verifiedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
})
export type IWebhook = InferEntity<typeof Webhook>
