import { Value } from 'typebox/value'
import { type GlobKind, globProblem } from './globs.ts'
import { type DeployRulesConfig, type DeployRulesInput, DeployRulesSchema, withDefaults } from './schema.ts'

/**
 * What the schema cannot say about rules that passed it, each naming its field after `where`
 * (e.g. "body/paths/include/0 is not a valid glob: …"): globs that are malformed, and a checks
 * gate "named" without names.
 */
export function deployRulesProblems(rules: DeployRulesInput, where = 'rules'): string[] {
  const problems: string[] = []
  const globs = (list: readonly string[] | undefined, field: string, kind: GlobKind) => {
    list?.forEach((glob, i) => {
      const problem = globProblem(glob, kind)
      if (problem) problems.push(`${where}/${field}/${i} ${problem}`)
    })
  }
  globs(rules.production?.branches, 'production/branches', 'branch')
  globs(rules.previews?.branches, 'previews/branches', 'branch')
  globs(rules.paths?.include, 'paths/include', 'path')
  globs(rules.paths?.exclude, 'paths/exclude', 'path')
  if (rules.checks?.gate === 'named' && !rules.checks.names?.length) {
    problems.push(`${where}/checks/names must list at least one check name when checks/gate is "named"`)
  }
  return problems
}

export type ParsedDeployRules = { ok: true; rules: DeployRulesConfig } | { ok: false; errors: string[] }

/** Rules from anywhere (a stored row, a request body): checked against the schema and the rest, then the defaults applied. */
export function parseDeployRules(input: unknown, where = 'rules'): ParsedDeployRules {
  const errors = schemaErrors(input, where)
  if (errors.length > 0) return { ok: false, errors }
  const rules = input as DeployRulesInput
  const problems = deployRulesProblems(rules, where)
  return problems.length > 0 ? { ok: false, errors: problems } : { ok: true, rules: withDefaults(rules) }
}

function schemaErrors(input: unknown, where: string): string[] {
  const messages = Value.Errors(DeployRulesSchema, input).flatMap((error) => {
    const field = `${where}${error.instancePath}`
    switch (error.keyword) {
      // An unknown field is reported twice: as "schema is false" on it and on its parent; keep the parent's, which names it.
      case 'boolean':
        return []
      case 'additionalProperties':
        return [`${field} must NOT have additional properties (${(error.params as { additionalProperties: string[] }).additionalProperties.join(', ')})`]
      case 'enum':
        return [`${field} must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((value) => JSON.stringify(value)).join(', ')}`]
      default:
        return [`${field} ${error.message}`]
    }
  })
  return [...new Set(messages)]
}
