import type { EntityManager } from '@mikro-orm/postgresql'
import { DEFAULT_DEPLOY_RULES, type DeployRulesConfig, type DeployRulesInput, withDefaults } from '../rules/schema.ts'
import type { RulesCache } from './rules-cache.ts'
import { runPrepared } from './run-prepared.ts'

const CURRENT_SQL = `
  select distinct on (repository_id) repository_id, rules from deploy_rules
  where repository_id = any(?::uuid[]) order by repository_id, version desc`

/** The deploy rules in force for these repositories (their newest version; the defaults for those without). */
export async function currentRules(em: EntityManager, repositoryIds: string[], cache?: RulesCache): Promise<(repositoryId: string) => DeployRulesConfig> {
  const known = new Map<string, DeployRulesConfig>()
  const unknown: string[] = []
  for (const id of repositoryIds) {
    const cached = cache?.get(id)
    if (cached) known.set(id, cached)
    else unknown.push(id)
  }
  if (unknown.length > 0) {
    const generation = cache?.generation()
    const rows = await runPrepared<{ repository_id: string; rules: DeployRulesInput }>(em, CURRENT_SQL, [unknown], { planEachTime: true })
    for (const row of rows) known.set(row.repository_id, withDefaults(row.rules))
    for (const id of unknown) {
      if (!known.has(id)) known.set(id, DEFAULT_DEPLOY_RULES)
      if (generation !== undefined) cache?.set(generation, id, known.get(id)!)
    }
  }
  return (repositoryId) => known.get(repositoryId) ?? DEFAULT_DEPLOY_RULES
}
