import type { DeploymentKind } from '../entities/deployment-request.ts'

/** What a rule asks for; the worker stores each one as a DeploymentRequest. */
export interface DerivedRequest {
  kind: DeploymentKind
  /** A full git ref (refs/heads/…, refs/tags/…, refs/pull/N/head). */
  ref: string
  sha: string | null
  environment: string
  pullRequest?: number
}

/** A rule: one GitHub event's payload (already parsed) to zero or more requests. Pure. */
export type Rule = (payload: Record<string, unknown>) => DerivedRequest[]
