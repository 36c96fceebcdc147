import { randomUUID } from 'node:crypto'
import { defineEntity, type InferEntity, p } from '@mikro-orm/core'
import { Repository } from './repository.ts'

/**
 * A repository's deploy rules, versioned: every change is a new row (who and when), the newest
 * version is in force. A repository without rows uses the defaults.
 */
export const DeployRules = defineEntity({
  name: 'DeployRules',
  tableName: 'deploy_rules',
  uniques: [{ properties: ['repository', 'version'] }],
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    repository: () => p.manyToOne(Repository).deleteRule('cascade'),
    version: p.integer(),
    rules: p.json<Record<string, unknown>>(),
    /** Who changed them: a GitHub login, or "platform". */
    changedBy: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
})
export type IDeployRules = InferEntity<typeof DeployRules>
