import { type DeployRulesConfig, type DeployRulesInput, parseDeployRules } from '../../src/rules/index.ts'
import { example } from '../examples.ts'

type Payload = Record<string, unknown>

/** Rules from an input, checked as the gateway checks them; throws on invalid input. */
export function rules(input: DeployRulesInput): DeployRulesConfig {
  const parsed = parseDeployRules(input)
  if (!parsed.ok) throw new Error(`invalid rules in a test: ${parsed.errors.join(', ')}`)
  return parsed.rules
}

/** The example push to master (the default branch), made an ordinary push of one commit unless changed. */
export function pushTo(branch: string, changes: Partial<Payload> = {}): Payload {
  const payload = example('push', (p) => p.ref === 'refs/heads/master' && p.deleted === false)
  return {
    ...payload,
    ref: `refs/heads/${branch}`,
    created: false,
    before: 'a10867b14bb761a232cd80139fbd4c0d33264240',
    head_commit: { ...(payload.head_commit as Payload), message: 'Change the greeting' },
    commits: [commit(['hello.txt'])],
    ...changes,
  }
}

/** A push payload's commit that touched these files. */
export function commit(modified: string[], added: string[] = [], removed: string[] = []): Payload {
  return { id: 'c0ffee', message: 'a commit', added, modified, removed }
}

/** A pull request example with this action, as GitHub would send it from a fork when asked. */
export function pullRequest(action: string, changes: { fork?: boolean | 'deleted'; labels?: string[]; label?: string; state?: string } = {}): Payload {
  const payload = example('pull_request', (p) => p.action === 'opened')
  const pr = payload.pull_request as Payload & { head: Payload; base: Payload }
  payload.action = action
  if (changes.fork === true) pr.head.repo = { ...(pr.head.repo as Payload), full_name: 'someone/Hello-World', fork: true }
  if (changes.fork === 'deleted') pr.head.repo = null
  if (changes.labels) pr.labels = changes.labels.map((name) => ({ name }))
  if (changes.label) payload.label = { name: changes.label }
  if (changes.state) pr.state = changes.state
  return payload
}
