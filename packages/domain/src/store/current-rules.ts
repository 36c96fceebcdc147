import type { EntityManager } from '@mikro-orm/postgresql'
import { DEFAULT_DEPLOY_RULES, type DeployRulesConfig, type DeployRulesInput, withDefaults } from '../rules/schema.ts'
import { runPrepared } from './run-prepared.ts'

const CURRENT_SQL = `
  select distinct on (repository_id) repository_id, rules from deploy_rules
  where repository_id = any(?::uuid[]) order by repository_id, version desc`

/** The deploy rules in force for these repositories (their newest version; the defaults for those without). */
export async function currentRules(em: EntityManager, repositoryIds: string[]): Promise<(repositoryId: string) => DeployRulesConfig> {
  if (repositoryIds.length === 0) return () => DEFAULT_DEPLOY_RULES
  const rows = await runPrepared<{ repository_id: string; rules: DeployRulesInput }>(em, CURRENT_SQL, [repositoryIds], { planEachTime: true })
  const rules = new Map(rows.map((row) => [row.repository_id, withDefaults(row.rules)]))
  return (repositoryId) => rules.get(repositoryId) ?? DEFAULT_DEPLOY_RULES
}
