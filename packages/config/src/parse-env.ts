import type { Field } from './fields.ts'

export type Spec = Record<string, Field<unknown>>
export type ConfigOf<S extends Spec> = { readonly [K in keyof S]: S[K] extends Field<infer T> ? T : never }

export class ConfigError extends Error {
  readonly problems: string[]
  constructor(service: string, problems: string[]) {
    super(`${service}: invalid configuration: ${problems.join('; ')}`)
    this.name = 'ConfigError'
    this.problems = problems
  }
}

/** A check across the variables that were read (a malformed one is absent): the problems it finds, each naming its variable. */
export type Rule = (values: Readonly<Record<string, unknown>>) => string[]

/**
 * Reads every variable of the spec from env (keys are the variable names), then either
 * returns a frozen object or throws one ConfigError naming every missing or malformed one.
 * Each group lists variables that are set together or not at all; each rule checks the values
 * together (production's guardrails), its problems named in the same error.
 * Values are never echoed into the message: some of them are secrets.
 */
export function parseEnv<S extends Spec>(service: string, spec: S, env: NodeJS.ProcessEnv, groups: string[][] = [], rules: Rule[] = []): ConfigOf<S> {
  const problems: string[] = []
  const out: Record<string, unknown> = {}
  for (const [name, field] of Object.entries(spec)) {
    const result = field.read(env[name])
    if ('error' in result) problems.push(`${name} ${result.error} (expected ${field.describe})`)
    else out[name] = result.value
  }
  for (const group of groups) {
    const given = group.filter((name) => env[name] !== undefined && env[name]!.trim() !== '')
    if (given.length === 0 || given.length === group.length) continue
    for (const name of group.filter((name) => !given.includes(name))) problems.push(`${name} is missing (${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} set: these are set together or not at all)`)
  }
  for (const rule of rules) problems.push(...rule(out))
  if (problems.length > 0) throw new ConfigError(service, problems)
  return Object.freeze(out) as ConfigOf<S>
}

/** The names of the variables that hold secrets, so log redaction can list them. */
export function secretNames(spec: Spec): string[] {
  return Object.entries(spec).filter(([, field]) => field.secret).map(([name]) => name)
}
