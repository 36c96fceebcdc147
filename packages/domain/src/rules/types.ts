import type { DeploymentKind } from '../entities/deployment-request.ts'
import type { DeployRulesConfig } from './schema.ts'

/** What a rule asks for; the worker stores each one as a DeploymentRequest. */
export interface DerivedRequest {
  kind: DeploymentKind
  /** A full git ref (refs/heads/…, refs/tags/…, refs/pull/N/head). */
  ref: string
  sha: string | null
  environment: string
  pullRequest?: number
}

/** A request and the rule that made it, e.g. "production: push to main" (stored with the request). */
export type ReasonedRequest = DerivedRequest & { reason: string }

/** What decide() needs besides the event: facts about the repository the payload may not tell. */
export interface DecideContext {
  /** The repository's default branch: production's branch when production.branches is absent. */
  defaultBranch: string
  /**
   * The files a push changed, for the paths filter. Absent: read from the payload's commits
   * (when the payload may not list them all, the decision asks for them: needsChangedFiles).
   * null: not known (GitHub's compare answer was truncated or failed): the filter cannot apply,
   * and the decision says so.
   */
  changedFiles?: readonly string[] | null
}

/** The CI gate on a decision's production and preview requests. */
export interface WaitForChecks {
  /** The check names that must succeed, or every check of the commit. */
  names: string[] | 'all'
  timeoutMinutes: number
}

export interface Decision {
  requests: ReasonedRequest[]
  /** A short sentence recorded on the event: "production: push to main", "skipped: paths", "skipped: no rule for issues". */
  decision: string
  /**
   * The payload may not list every changed file (GitHub caps a push's commits) and the paths
   * filter needs them: ask GitHub's compare API (before...after) and decide again with
   * context.changedFiles (null if that fails or is truncated too). No requests meanwhile.
   */
  needsChangedFiles?: boolean
  /** Set when checks.gate is on and the decision deploys something: hold those requests until the checks pass. */
  waitForChecks?: WaitForChecks
}

/** One GitHub event's rule: its payload (parsed), the repository's rules (defaults applied) and context to a decision. Pure. */
export type Rule = (payload: Record<string, unknown>, rules: DeployRulesConfig, context: DecideContext) => Decision
