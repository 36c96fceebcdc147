import { type DeployRulesConfig, pushTarget } from '@gwm/domain'
import { branchHead, branchHeads, type GitHubClient } from '@gwm/github'
import type { WatchedRepository } from './missed-pushes-known.ts'

/** A branch whose pushes the rules deploy, its head on GitHub and the environment it deploys to. */
export interface DeployedBranch {
  branch: string
  ref: string
  head: string
  environment: string
}

/**
 * The branches a repository's rules deploy and their heads on GitHub. With the default rules
 * (production = the default branch, no branch previews) that is one look-up; with branch lists or
 * preview globs, the repository's branches are listed (up to 1,000) and matched as a push would be.
 */
export async function deployedBranches(github: GitHubClient, repository: WatchedRepository, rules: DeployRulesConfig): Promise<DeployedBranch[]> {
  const [owner, repo] = repository.fullName.split('/') as [string, string]
  const context = { defaultBranch: repository.defaultBranch }
  let heads: Map<string, string>
  if (!rules.production.branches && rules.previews.branches.length === 0) {
    const head = await branchHead(github, { owner, repo }, repository.defaultBranch)
    heads = new Map(head ? [[repository.defaultBranch, head]] : [])
  } else {
    heads = (await branchHeads(github, { owner, repo })).heads
  }
  const deployed: DeployedBranch[] = []
  for (const [branch, head] of heads) {
    const target = pushTarget(branch, rules, context)
    if (target) deployed.push({ branch, ref: `refs/heads/${branch}`, head, environment: target.environment })
  }
  return deployed
}
