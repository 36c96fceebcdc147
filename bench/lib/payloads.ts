import { examples } from '../../packages/testkit/src/webhooks.ts'

export interface Payload {
  name: string
  body: Buffer
  large: boolean
}

/** The real `push` example of ~7.7 KB (one commit) from @octokit/webhooks-examples. */
export function pushPayload(): Payload {
  const push = examples('push').find((candidate) => Array.isArray(candidate.commits) && candidate.commits.length > 0)
  if (!push) throw new Error('no push example with commits')
  return { name: `push ${kb(JSON.stringify(push))}`, body: Buffer.from(JSON.stringify(push)), large: false }
}

/** The same push with its commit repeated (distinct ids) until the body is ~1 MB. */
export function largePushPayload(targetBytes = 1_000_000): Payload {
  const push = JSON.parse(pushPayload().body.toString()) as { commits: Array<Record<string, unknown>> }
  const commit = push.commits[0]!
  const commits: Array<Record<string, unknown>> = []
  const size = () => JSON.stringify({ ...push, commits }).length
  const perCommit = JSON.stringify(commit).length + 1
  while (size() + perCommit < targetBytes) commits.push({ ...commit, id: `${String(commits.length).padStart(8, '0')}${String(commit.id).slice(8)}` })
  const text = JSON.stringify({ ...push, commits })
  return { name: `push ${kb(text)} (${commits.length} commits)`, body: Buffer.from(text), large: true }
}

const kb = (text: string) => (text.length >= 1_000_000 ? `${(text.length / 1_000_000).toFixed(2)} MB` : `${(text.length / 1000).toFixed(1)} KB`)
