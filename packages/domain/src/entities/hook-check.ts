import { randomUUID } from 'node:crypto'
import { defineEntity, type InferEntity, p } from '@mikro-orm/core'

/** One hook-health finding: what had drifted on a hook (or the App's hook) and what was repaired. */
export const HookCheck = defineEntity({
  name: 'HookCheck',
  tableName: 'hook_checks',
  indexes: [{ properties: ['hook', 'checkedAt'] }],
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    /** `app` or the repository hook's GitHub id. */
    hook: p.text(),
    /** e.g. ["inactive", "url", "events: missing check_suite"]; empty when healthy. */
    problems: p.array(),
    repaired: p.boolean().default(false),
    error: p.text().nullable(),
    checkedAt: p.datetime().onCreate(() => new Date()),
  },
})
export type IHookCheck = InferEntity<typeof HookCheck>
