import { DeployRules, type DeployRulesConfig, type DeployRulesInput, DEFAULT_DEPLOY_RULES, type EntityManager, type IDeployRules, type IRepository, parseDeployRules, withDefaults } from '@gwm/domain'
import { HttpError } from '@gwm/runtime'
import type { FastifyBaseLogger } from 'fastify'
import { isUniqueViolation } from '../db/unique-violation.ts'

/** A repository's rules in force, as the API shows them. */
export interface RulesState {
  repository: string
  rules: DeployRulesConfig
  /** 0: none stored. */
  version: number
  changedBy: string | null
  changedAt: string | null
  /** No rules stored: the defaults apply. */
  defaults: boolean
}

/** Stored rules with the defaults applied. Rows are validated when written; a row the schema no longer accepts is read as best it can be, and logged. */
function applied(row: IDeployRules, log: FastifyBaseLogger): DeployRulesConfig {
  const parsed = parseDeployRules(row.rules)
  if (parsed.ok) return parsed.rules
  log.warn({ version: row.version, errors: parsed.errors }, 'deploy rules: a stored version no longer passes the schema')
  return withDefaults(row.rules as DeployRulesInput)
}

export function stateOf(fullName: string, row: IDeployRules | null, log: FastifyBaseLogger): RulesState {
  if (!row) return { repository: fullName, rules: structuredClone(DEFAULT_DEPLOY_RULES) as DeployRulesConfig, version: 0, changedBy: null, changedAt: null, defaults: true }
  return { repository: fullName, rules: applied(row, log), version: row.version, changedBy: row.changedBy, changedAt: row.createdAt.toISOString(), defaults: false }
}

/** The newest version of a repository's rules, or null. */
export const latestRules = (em: EntityManager, repository: IRepository | null) =>
  repository ? em.findOne(DeployRules, { repository: repository.id }, { orderBy: { version: 'desc' } }) : Promise.resolve(null)

/** The newest versions first. */
export const rulesHistory = (em: EntityManager, repository: IRepository | null, limit: number) =>
  repository ? em.find(DeployRules, { repository: repository.id }, { orderBy: { version: 'desc' }, limit }) : Promise.resolve([])

const ATTEMPTS = 5

/**
 * Stores rules as the repository's next version (previous + 1). Two writers at once both read
 * the same previous version; the unique (repository, version) lets one in and the other tries
 * again on top of it.
 */
export async function saveRules(em: EntityManager, repository: IRepository, rules: DeployRulesConfig, changedBy: string): Promise<IDeployRules> {
  for (let attempt = 1; ; attempt++) {
    const fork = em.fork()
    const previous = await fork.findOne(DeployRules, { repository: repository.id }, { orderBy: { version: 'desc' }, fields: ['version'] })
    const row = fork.create(DeployRules, { repository: repository.id, version: (previous?.version ?? 0) + 1, rules: rules as unknown as Record<string, unknown>, changedBy })
    try {
      await fork.flush()
      return row
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
      if (attempt === ATTEMPTS) throw new HttpError(409, 'conflict', 'the deploy rules kept changing while these were saved: read them again and retry')
    }
  }
}
