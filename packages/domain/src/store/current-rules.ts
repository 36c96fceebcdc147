import type { EntityManager } from '@mikro-orm/postgresql'
import { DEFAULT_DEPLOY_RULES, type DeployRulesConfig, type DeployRulesInput, withDefaults } from '../rules/schema.ts'
import type { RulesCache } from './rules-cache.ts'
import { runPrepared } from './run-prepared.ts'

// Each repository's newest version (one probe of the (repository, version) index), with its body
// only when it is not the version already known: a repository without rules has no row.
const CURRENT_SQL = `
  select k.id as repository_id, d.version, case when d.version is distinct from k.known then d.rules end as rules
  from unnest(?::uuid[], ?::int[]) as k (id, known)
  cross join lateral (select version, rules from deploy_rules where repository_id = k.id order by version desc limit 1) d`

/** The deploy rules in force for these repositories (their newest version; the defaults for those without). */
export async function currentRules(em: EntityManager, repositoryIds: string[], cache?: RulesCache): Promise<(repositoryId: string) => DeployRulesConfig> {
  const known = new Map<string, DeployRulesConfig>()
  if (repositoryIds.length > 0) {
    const had = new Map(repositoryIds.map((id) => [id, cache?.get(id)]))
    const rows = await runPrepared<{ repository_id: string; version: number; rules: DeployRulesInput | null }>(em, CURRENT_SQL, [repositoryIds, repositoryIds.map((id) => had.get(id)?.version ?? null)], { planEachTime: true })
    for (const row of rows) {
      if (row.rules === null) {
        known.set(row.repository_id, had.get(row.repository_id)!.rules)
        continue
      }
      const rules = withDefaults(row.rules)
      known.set(row.repository_id, rules)
      cache?.set(row.repository_id, row.version, rules)
    }
  }
  return (repositoryId) => known.get(repositoryId) ?? DEFAULT_DEPLOY_RULES
}
