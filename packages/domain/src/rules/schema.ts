import Type, { type Static } from 'typebox'

/** GitHub's limit on a label's name. */
export const LABEL_MAX_LENGTH = 50

const DEFAULT_LABEL = 'deploy-preview'
const DEFAULT_SKIP_MARKERS = ['[skip deploy]', '[deploy skip]']
const DEFAULT_TIMEOUT_MINUTES = 60

const branchName = Type.String({ minLength: 1, maxLength: 255, description: 'A branch name (e.g. main) or a glob of branch names (e.g. release/*)' })
const branchGlob = Type.String({ minLength: 1, maxLength: 255, description: 'A glob of branch names: * stays within one /-separated part, ** crosses them (feature/**)' })
const pathGlob = Type.String({ minLength: 1, maxLength: 500, description: 'A glob of file paths from the repository root (docs/**, **/*.md); matches dotfiles too' })

const Production = Type.Object({
  branches: Type.Optional(Type.Array(branchName, {
    minItems: 1,
    maxItems: 50,
    description: 'The branches whose pushes deploy to production. Absent: the repository\'s default branch (whatever it is at the time of the push).',
  })),
  releases: Type.Optional(Type.Boolean({ default: true, description: 'A published release deploys its tag to production' })),
}, { additionalProperties: false, description: 'What deploys to the environment "production"' })

const Previews = Type.Object({
  pullRequests: Type.Optional(Type.Enum(['all', 'labeled', 'off'], {
    default: 'all',
    description: 'all: every pull request from this repository gets a preview (environment pr-<number>); labeled: only those carrying `label`; off: none',
  })),
  label: Type.Optional(Type.String({ minLength: 1, maxLength: LABEL_MAX_LENGTH, default: DEFAULT_LABEL, description: 'The label that asks for a preview (compared ignoring case, as GitHub does)' })),
  forks: Type.Optional(Type.Enum(['off', 'labeled'], {
    default: 'off',
    description: 'Pull requests from forks run code nobody here wrote: off: never previewed; labeled: previewed once someone with triage rights adds `label`',
  })),
  branches: Type.Optional(Type.Array(branchGlob, {
    maxItems: 50,
    default: [],
    description: 'Pushes to branches matching these globs deploy a preview in environment branch-<slug>, torn down when the branch is deleted',
  })),
}, { additionalProperties: false, description: 'Preview environments' })

const Paths = Type.Object({
  include: Type.Optional(Type.Array(pathGlob, { maxItems: 100, default: [], description: 'A push deploys only if it changed a file matching one of these; empty: any file' })),
  exclude: Type.Optional(Type.Array(pathGlob, { maxItems: 100, default: [], description: 'Changed files matching these do not count' })),
}, { additionalProperties: false, description: 'Which changed files make a push deploy (pushes only: pull requests and releases always do)' })

const Checks = Type.Object({
  gate: Type.Optional(Type.Enum(['off', 'all', 'named'], {
    default: 'off',
    description: 'off: deploy at once; all: wait until every check of the commit has succeeded; named: wait for the checks listed in `names`',
  })),
  names: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 255 }), { maxItems: 50, description: 'The check names to wait for (required, non-empty, when gate is named)' })),
  timeoutMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440, default: DEFAULT_TIMEOUT_MINUTES, description: 'How long to wait for the checks before giving up (the request is then blocked)' })),
}, { additionalProperties: false, description: 'Hold production and preview deploys until the commit\'s checks pass' })

/**
 * A repository's deploy rules as an admin sends them: every field optional (absent = the
 * default), unknown fields refused. Glob syntax and `checks.names` with gate "named" are checked
 * after the schema by `deployRulesProblems`.
 */
export const DeployRulesSchema = Type.Object({
  production: Type.Optional(Production),
  previews: Type.Optional(Previews),
  paths: Type.Optional(Paths),
  skipMarkers: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
    maxItems: 20,
    default: DEFAULT_SKIP_MARKERS,
    description: 'A push whose head commit message contains one of these (ignoring case) deploys nothing. "[skip ci]" counts only when listed.',
  })),
  checks: Type.Optional(Checks),
}, { additionalProperties: false, description: 'When a GitHub event becomes a deployment request. Every field is optional: absent means the default.' })

export type DeployRulesInput = Static<typeof DeployRulesSchema>

/** The rules with every default applied: what the decision engine takes. */
export interface DeployRulesConfig {
  /** branches absent: the repository's default branch. */
  production: { branches?: string[]; releases: boolean }
  previews: { pullRequests: 'all' | 'labeled' | 'off'; label: string; forks: 'off' | 'labeled'; branches: string[] }
  paths: { include: string[]; exclude: string[] }
  skipMarkers: string[]
  checks: { gate: 'off' | 'all' | 'named'; names: string[]; timeoutMinutes: number }
}

/** The defaults: every event deploys as it always did, except that pull requests from forks are not previewed. */
export const DEFAULT_DEPLOY_RULES: Readonly<DeployRulesConfig> = deepFreeze(withDefaults({}))

/** The rules with every absent field set to its default (a validated input; nothing is checked here). */
export function withDefaults(input: DeployRulesInput): DeployRulesConfig {
  const { production = {}, previews = {}, paths = {}, checks = {} } = input
  return {
    production: { ...(production.branches ? { branches: [...production.branches] } : {}), releases: production.releases ?? true },
    previews: {
      pullRequests: previews.pullRequests ?? 'all',
      label: previews.label ?? DEFAULT_LABEL,
      forks: previews.forks ?? 'off',
      branches: [...(previews.branches ?? [])],
    },
    paths: { include: [...(paths.include ?? [])], exclude: [...(paths.exclude ?? [])] },
    skipMarkers: [...(input.skipMarkers ?? DEFAULT_SKIP_MARKERS)],
    checks: { gate: checks.gate ?? 'off', names: [...(checks.names ?? [])], timeoutMinutes: checks.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES },
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}
