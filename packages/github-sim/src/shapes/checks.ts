import type { CheckApp, CheckRun, CheckSuite, Commit, PullRequest, Repo } from '../model.ts'
import { nodeId, type Urls } from './account.ts'
import { integrationShape } from './app.ts'

/**
 * Check suites and runs as GitHub shows them: in REST answers ("check-suite", "check-run") and
 * in check_suite / check_run webhook payloads (shaped like @octokit/webhooks-examples).
 */

const repoApi = (urls: Urls, repo: Repo): string => `${urls.api}/repos/${repo.owner}/${repo.name}`

/** A commit as a check suite's `head_commit` ("simple-commit"). */
function simpleCommit(commit: Commit): Record<string, unknown> {
  return {
    id: commit.sha,
    tree_id: commit.treeSha,
    message: commit.message,
    timestamp: commit.committer.date,
    author: { name: commit.author.name, email: commit.author.email },
    committer: { name: commit.committer.name, email: commit.committer.email },
  }
}

/** A pull request as check suites and runs list it ("pull-request-minimal"); `headRepo` is the fork for a pull request from one. */
export function pullRequestMinimal(urls: Urls, repo: Repo, pr: PullRequest, headRepo: Repo): Record<string, unknown> {
  const side = (where: Repo, branch: { ref: string; sha: string }) => ({ ref: branch.ref, sha: branch.sha, repo: { id: where.id, url: repoApi(urls, where), name: where.name } })
  return { url: `${repoApi(urls, repo)}/pulls/${pr.number}`, id: pr.id, number: pr.number, head: side(headRepo, pr.head), base: side(repo, pr.base) }
}

const checkAppShape = (urls: Urls, app: CheckApp): Record<string, unknown> => integrationShape(urls, app, app.owner)

/** A check suite in webhook payloads (and, with `repository` added, in REST answers). */
export function checkSuiteObject(urls: Urls, repo: Repo, suite: CheckSuite, pullRequests: Record<string, unknown>[]): Record<string, unknown> {
  const url = `${repoApi(urls, repo)}/check-suites/${suite.id}`
  return {
    id: suite.id,
    node_id: nodeId('CheckSuite', suite.id),
    head_branch: suite.headBranch,
    head_sha: suite.headSha,
    status: suite.status,
    conclusion: suite.conclusion,
    url,
    before: suite.before,
    after: suite.headSha,
    pull_requests: pullRequests,
    app: checkAppShape(urls, suite.app),
    created_at: suite.createdAt,
    updated_at: suite.updatedAt,
    latest_check_runs_count: suite.runIds.length,
    check_runs_url: `${url}/check-runs`,
    rerequestable: true,
    runs_rerequestable: true,
    head_commit: simpleCommit(repo.commits.get(suite.headSha)!),
  }
}

/**
 * A check run. `suite` is what its `check_suite` shows: the suite's object in webhook payloads,
 * only `{ id }` in REST answers.
 */
export function checkRunObject(urls: Urls, repo: Repo, run: CheckRun, app: CheckApp, suite: Record<string, unknown>, pullRequests: Record<string, unknown>[]): Record<string, unknown> {
  const url = `${repoApi(urls, repo)}/check-runs/${run.id}`
  const html = `${urls.web}/${repo.owner}/${repo.name}/runs/${run.id}`
  return {
    id: run.id,
    node_id: nodeId('CheckRun', run.id),
    head_sha: run.headSha,
    external_id: '',
    url,
    html_url: html,
    details_url: html,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: { title: null, summary: null, text: null, annotations_count: 0, annotations_url: `${url}/annotations` },
    name: run.name,
    check_suite: suite,
    app: checkAppShape(urls, app),
    pull_requests: pullRequests,
  }
}
