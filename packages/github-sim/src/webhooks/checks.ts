import { CHECK_CONCLUSIONS, checkApp, matchingPulls, suiteConclusion } from '../checks.ts'
import type { SimContext } from '../context.ts'
import { isoSeconds, resolveRef } from '../git.ts'
import type { Account, CheckConclusion, CheckRun, CheckSuite, Delivery, Repo } from '../model.ts'
import { checkRunObject, checkSuiteObject } from '../shapes/checks.ts'
import { findRepo, payloadContext, SimInputError, senderFor } from './events.ts'
import { envelope } from './payloads.ts'

/**
 * What a CI App does with checks on github.com: a check suite for a commit (with check runs by
 * name), runs and suites completing with a conclusion. Each changes the state as GitHub would and
 * sends `check_suite` (requested, completed) and `check_run` (created, completed).
 */

/** Which suite: its id, or the latest suite of an App (default "ci") for a commit (`sha`) or a branch's head. */
export interface CheckSuiteRef {
  repo: string
  suite?: number
  sha?: string
  branch?: string
  /** The App's slug (default "ci"). */
  app?: string
}

export interface CheckSuiteInput {
  repo: string
  /** The commit checked: a SHA (or any ref); default: the head of `branch`. */
  sha?: string
  /** The branch pushed (`head_branch`); default: a branch whose head is `sha` (the default branch first), else null. */
  branch?: string
  /** The App's slug: one of the simulator's GitHub Apps, or any other name of a CI App (default "ci"). */
  app?: string
  /** Names of the check runs to create in the suite (each sends check_run created). */
  runs?: string[]
  sender?: string
}

export interface CompleteCheckSuiteInput extends CheckSuiteRef {
  conclusion: CheckConclusion
  sender?: string
}

export interface CompleteCheckRunInput extends CheckSuiteRef {
  /** The run's id; or its `name` in the suite named by suite / sha / branch / app. */
  run?: number
  name?: string
  conclusion: CheckConclusion
  sender?: string
}

export interface SimCheckRun {
  id: number
  name: string
  status: CheckRun['status']
  conclusion: CheckConclusion | null
}

export interface SimCheckSuite {
  id: number
  repo: string
  headSha: string
  headBranch: string | null
  app: string
  appId: number
  status: CheckSuite['status']
  conclusion: CheckConclusion | null
  runs: SimCheckRun[]
}

const DEFAULT_APP = 'ci'

const runsOf = (repo: Repo, suite: CheckSuite): CheckRun[] => suite.runIds.map((id) => repo.checkRuns.get(id)!)

export function simCheckSuite(repo: Repo, suite: CheckSuite): SimCheckSuite {
  return {
    id: suite.id, repo: `${repo.owner}/${repo.name}`, headSha: suite.headSha, headBranch: suite.headBranch, app: suite.app.slug, appId: suite.app.id,
    status: suite.status, conclusion: suite.conclusion,
    runs: runsOf(repo, suite).map((run) => ({ id: run.id, name: run.name, status: run.status, conclusion: run.conclusion })),
  }
}

function checkConclusion(value: unknown): CheckConclusion {
  if (!CHECK_CONCLUSIONS.includes(value as CheckConclusion)) throw new SimInputError(`conclusion must be one of ${CHECK_CONCLUSIONS.join(', ')}`)
  return value as CheckConclusion
}

function appSlug(value: unknown): string {
  if (value === undefined) return DEFAULT_APP
  if (typeof value !== 'string' || !/^[a-z0-9][a-z0-9-]*$/i.test(value)) throw new SimInputError('app must be an App slug (letters, digits, dashes), e.g. "ci"')
  return value
}

/** The commit a suite is for and its `head_branch`. */
function commitFor(repo: Repo, sha: unknown, branch: unknown): { sha: string; branch: string | null } {
  const fullName = `${repo.owner}/${repo.name}`
  if (sha === undefined && branch === undefined) throw new SimInputError('say which commit: "sha" or "branch"')
  if (branch !== undefined && (typeof branch !== 'string' || !repo.branches.has(branch))) throw new SimInputError(`no branch "${String(branch)}" in ${fullName}`)
  if (sha === undefined) return { sha: repo.branches.get(branch as string)!, branch: branch as string }
  const resolved = typeof sha === 'string' && sha !== '' ? resolveRef(repo, sha) : null
  if (!resolved) throw new SimInputError(`no commit "${String(sha)}" in ${fullName}`)
  if (branch !== undefined) return { sha: resolved, branch: branch as string }
  const names = [repo.defaultBranch, ...[...repo.branches.keys()].filter((name) => name !== repo.defaultBranch).sort()]
  return { sha: resolved, branch: names.find((name) => repo.branches.get(name) === resolved) ?? null }
}

function findSuite(repo: Repo, ref: CheckSuiteRef): CheckSuite {
  const fullName = `${repo.owner}/${repo.name}`
  if (ref.suite !== undefined) {
    const suite = repo.checkSuites.get(Number(ref.suite))
    if (!suite) throw new SimInputError(`no check suite ${String(ref.suite)} in ${fullName}`)
    return suite
  }
  const slug = appSlug(ref.app)
  const { sha } = commitFor(repo, ref.sha, ref.branch)
  const found = [...repo.checkSuites.values()].filter((suite) => suite.headSha === sha && suite.app.slug === slug).at(-1)
  if (!found) throw new SimInputError(`no check suite of "${slug}" for ${sha.slice(0, 7)} in ${fullName}: start one first (or give "suite")`)
  return found
}

const suitePayload = (ctx: SimContext, repo: Repo, sender: Account, action: string, suite: CheckSuite) =>
  envelope(payloadContext(ctx, repo, sender), 'check_suite', { action, check_suite: checkSuiteObject(ctx.urls, repo, suite, matchingPulls(ctx.urls, repo, suite)) })

function runPayload(ctx: SimContext, repo: Repo, sender: Account, action: string, run: CheckRun, suite: CheckSuite) {
  const pulls = matchingPulls(ctx.urls, repo, suite)
  const checkRun = checkRunObject(ctx.urls, repo, run, suite.app, checkSuiteObject(ctx.urls, repo, suite, pulls), pulls)
  return envelope(payloadContext(ctx, repo, sender), 'check_run', { action, check_run: checkRun })
}

/** Starts a check suite for a commit (status queued), with queued check runs; sends check_suite requested and check_run created. */
export async function startCheckSuite(ctx: SimContext, input: CheckSuiteInput): Promise<SimCheckSuite & { deliveries: Delivery[] }> {
  const repo = findRepo(ctx, input.repo)
  const sender = senderFor(ctx, repo, input.sender)
  const slug = appSlug(input.app)
  const { sha, branch } = commitFor(repo, input.sha, input.branch)
  const names = input.runs ?? []
  if (!Array.isArray(names) || names.some((name) => typeof name !== 'string' || name.trim() === '')) throw new SimInputError('runs must be a list of check run names')
  if (new Set(names).size !== names.length) throw new SimInputError('runs must not name a check run twice')
  const now = isoSeconds(new Date())
  const suite: CheckSuite = {
    id: ctx.store.nextId('checkSuite'), headSha: sha, headBranch: branch, before: repo.commits.get(sha)!.parents[0] ?? null,
    app: checkApp(ctx.store, slug), status: 'queued', conclusion: null, runIds: [], createdAt: now, updatedAt: now,
  }
  repo.checkSuites.set(suite.id, suite)
  const runs = names.map((name): CheckRun => ({
    id: ctx.store.nextId('checkRun'), suiteId: suite.id, name, headSha: sha, status: 'queued', conclusion: null, startedAt: now, completedAt: null,
  }))
  for (const run of runs) {
    repo.checkRuns.set(run.id, run)
    suite.runIds.push(run.id)
  }
  const deliveries = await ctx.sender.dispatch(repo, 'check_suite', suitePayload(ctx, repo, sender, 'requested', suite))
  for (const run of runs) deliveries.push(...(await ctx.sender.dispatch(repo, 'check_run', runPayload(ctx, repo, sender, 'created', run, suite))))
  return { ...simCheckSuite(repo, suite), deliveries }
}

/** Completes the suite's last run or, when they are all done, the suite (the worst of its runs' conclusions). */
async function finish(ctx: SimContext, repo: Repo, sender: Account, suite: CheckSuite, runs: CheckRun[], conclusion: CheckConclusion): Promise<Delivery[]> {
  const now = isoSeconds(new Date())
  const deliveries: Delivery[] = []
  for (const run of runs) {
    Object.assign(run, { status: 'completed', conclusion, completedAt: now })
    const all = runsOf(repo, suite)
    const done = all.every((candidate) => candidate.status === 'completed')
    Object.assign(suite, { status: done ? 'completed' : 'in_progress', conclusion: done ? suiteConclusion(all) : null, updatedAt: now })
    deliveries.push(...(await ctx.sender.dispatch(repo, 'check_run', runPayload(ctx, repo, sender, 'completed', run, suite))))
  }
  if (suite.runIds.length === 0) Object.assign(suite, { status: 'completed', conclusion, updatedAt: now })
  if (suite.status === 'completed') deliveries.push(...(await ctx.sender.dispatch(repo, 'check_suite', suitePayload(ctx, repo, sender, 'completed', suite))))
  return deliveries
}

/**
 * Completes a suite: its runs not done yet end with `conclusion` (check_run completed each), then
 * the suite (check_suite completed) with the worst conclusion of its runs, or `conclusion` when it has none.
 */
export async function completeCheckSuite(ctx: SimContext, input: CompleteCheckSuiteInput): Promise<SimCheckSuite & { deliveries: Delivery[] }> {
  const repo = findRepo(ctx, input.repo)
  const sender = senderFor(ctx, repo, input.sender)
  const conclusion = checkConclusion(input.conclusion)
  const suite = findSuite(repo, input)
  if (suite.status === 'completed') throw new SimInputError(`check suite ${suite.id} is already completed (${suite.conclusion})`)
  const deliveries = await finish(ctx, repo, sender, suite, runsOf(repo, suite).filter((run) => run.status !== 'completed'), conclusion)
  return { ...simCheckSuite(repo, suite), deliveries }
}

/** Completes one run (check_run completed); the last run of a suite completes the suite too (check_suite completed). */
export async function completeCheckRun(ctx: SimContext, input: CompleteCheckRunInput): Promise<SimCheckRun & { suite: SimCheckSuite; deliveries: Delivery[] }> {
  const repo = findRepo(ctx, input.repo)
  const sender = senderFor(ctx, repo, input.sender)
  const conclusion = checkConclusion(input.conclusion)
  const fullName = `${repo.owner}/${repo.name}`
  let run: CheckRun | undefined
  if (input.run !== undefined) {
    run = repo.checkRuns.get(Number(input.run))
    if (!run) throw new SimInputError(`no check run ${String(input.run)} in ${fullName}`)
  } else {
    if (typeof input.name !== 'string') throw new SimInputError('say which check run: "run" (its id) or "name"')
    const suite = findSuite(repo, input)
    run = runsOf(repo, suite).find((candidate) => candidate.name === input.name)
    if (!run) throw new SimInputError(`check suite ${suite.id} has no check run "${input.name}"`)
  }
  if (run.status === 'completed') throw new SimInputError(`check run ${run.id} ("${run.name}") is already completed (${run.conclusion})`)
  const suite = repo.checkSuites.get(run.suiteId)!
  const deliveries = await finish(ctx, repo, sender, suite, [run], conclusion)
  return { id: run.id, name: run.name, status: run.status, conclusion: run.conclusion, suite: simCheckSuite(repo, suite), deliveries }
}
