import { type GitHubSim, startGitHubSim } from '@gwm/github-sim'
import { startHookReceiver, type TestLike } from '@gwm/testkit'
import { createGitHubClient, type GitHubClient, type GitHubClientOptions } from '../src/index.ts'

export async function startSim(t: TestLike): Promise<GitHubSim> {
  const sim = await startGitHubSim()
  t.teardown(() => sim.close())
  return sim
}

/** A client against the simulator with test-friendly pacing (short backoff, short write spacing). */
export function clientFor(sim: GitHubSim, token: string, options: GitHubClientOptions = {}): GitHubClient {
  return createGitHubClient({ baseUrl: sim.apiUrl, token, retryBaseMs: 10, writeIntervalMs: 5, ...options })
}

/** A webhook receiver on an ephemeral port: records every request, answers `status`. */
export const startReceiver = (t: TestLike, status = 200) => startHookReceiver(t, { status })
