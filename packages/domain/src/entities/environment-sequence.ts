import { defineEntity, type InferEntity, p } from '@mikro-orm/core'
import { Repository } from './repository.ts'

/** The last sequence number handed out per (repository, environment): callbacks carry the next. */
export const EnvironmentSequence = defineEntity({
  name: 'EnvironmentSequence',
  tableName: 'environment_sequences',
  properties: {
    repository: () => p.manyToOne(Repository).primary().deleteRule('cascade'),
    environment: p.string().primary(),
    lastSequence: p.integer().default(0),
  },
})
export type IEnvironmentSequence = InferEntity<typeof EnvironmentSequence>
