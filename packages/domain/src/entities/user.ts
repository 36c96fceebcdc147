import { randomUUID } from 'node:crypto'
import { defineEntity, type InferEntity, p } from '@mikro-orm/core'

/** A platform account, created the first time a GitHub identity signs in. Never holds a token. */
export const User = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    githubId: p.bigint('number').unique(),
    login: p.string(),
    name: p.string().nullable(),
    email: p.string().nullable(),
    avatarUrl: p.string().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    lastLoginAt: p.datetime().nullable(),
  },
})
export type IUser = InferEntity<typeof User>
