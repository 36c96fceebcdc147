import { randomUUID } from 'node:crypto'
import { defineEntity, type InferEntity, p } from '@mikro-orm/core'

export const Repository = defineEntity({
  name: 'Repository',
  tableName: 'repositories',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    githubId: p.bigint('number').unique(),
    // text, not varchar(255): whatever GitHub (or a signed payload) names it must be storable.
    fullName: p.text().index(),
    defaultBranch: p.text().default('main'),
    private: p.boolean().default(false),
    /** App mode: the installation that covers it (null: none does, or OAuth App mode). */
    installationId: p.bigint('number').nullable().index(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
})
export type IRepository = InferEntity<typeof Repository>
