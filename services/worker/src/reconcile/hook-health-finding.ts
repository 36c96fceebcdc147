import { randomUUID } from 'node:crypto'
import { type EntityManager, HookCheck } from '@gwm/domain'
import { AppCredentialsError, GitHubUnavailableError, RateLimitedError } from '@gwm/github'

/** What one hook's check found, as a hook_checks row says it, and whether it was switched back on. */
export interface HookFinding {
  /** `app`, or the repository hook's GitHub id. */
  hook: string
  problems: string[]
  /** Something was changed on GitHub, and GitHub took it. */
  repaired: boolean
  /** What failed, or what only a person can fix. */
  error: string | null
  /** A hook that delivered nothing (inactive, or the App's without a URL) now delivers again. */
  reenabled: boolean
}

/** GitHub failing as a whole: the run stops rather than record every hook as unreadable. */
export const systemic = (error: unknown) => error instanceof GitHubUnavailableError || error instanceof RateLimitedError || error instanceof AppCredentialsError

/** The events of `required` that `events` lacks (a hook subscribed to `*` lacks none). */
export const missingEvents = (events: readonly string[], required: readonly string[]) =>
  events.includes('*') ? [] : required.filter((event) => !events.includes(event))

/** Joins what went wrong and what needs a person into the row's one error text (null: nothing). */
export const errorText = (parts: Array<string | null | undefined>) => parts.filter((part): part is string => Boolean(part)).join('; ') || null

/** One row per hook and run, healthy ones included (problems empty): the history of each hook's health. */
export async function recordFinding(em: EntityManager, finding: HookFinding, at: Date): Promise<void> {
  await em.insert(HookCheck, { id: randomUUID(), hook: finding.hook, problems: finding.problems, repaired: finding.repaired, error: finding.error, checkedAt: at })
}
