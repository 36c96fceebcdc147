/**
 * The few fields of a GitHub payload the worker reads: its columns (action, sender, hook,
 * repository) and what the deployment rules look at. The ingest, which parses every payload
 * anyway to check it, sends these along with the bytes, so the worker can store a delivery
 * without parsing the whole payload a second time. A worker test checks, over every real
 * example payload, that the rules and the columns read the same from the view as from the
 * payload: a rule that starts reading a new field fails it until the field is added here.
 */
export type PayloadView = Record<string, unknown>

type Shape = { [field: string]: true | Shape }

const SHAPE: Shape = {
  action: true,
  number: true,
  ref: true,
  ref_type: true,
  before: true,
  after: true,
  created: true,
  deleted: true,
  forced: true,
  // The deploy rules: skip markers, the paths filter (each commit's added/modified/removed), forks and labels.
  head_commit: { id: true, message: true, timestamp: true, url: true, author: { name: true, username: true } },
  compare: true,
  commits: true,
  label: { name: true },
  // The CI gate: a commit's check suites and named runs.
  check_suite: { id: true, head_sha: true, status: true, conclusion: true, app: { slug: true, name: true } },
  check_run: { name: true, head_sha: true, status: true, conclusion: true },
  sender: { login: true },
  repository: { id: true, full_name: true, default_branch: true, private: true, clone_url: true, html_url: true, owner: { id: true } },
  // App mode: the installation a delivery came through, and what installation events change.
  installation: { id: true, account: { login: true, id: true, type: true }, repository_selection: true, suspended_at: true },
  repository_selection: true,
  repositories: true,
  repositories_added: true,
  repositories_removed: true,
  pull_request: { number: true, state: true, title: true, head: { sha: true, ref: true, repo: { full_name: true } }, base: { ref: true, repo: { full_name: true } }, labels: true },
  release: { tag_name: true, target_commitish: true },
}

/** A JSON object (not null, not an array): what every GitHub payload is. */
export const isJsonObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value)

function pick(source: Record<string, unknown>, shape: Shape): PayloadView {
  const view: PayloadView = {}
  for (const field of Object.keys(shape)) {
    if (!Object.hasOwn(source, field)) continue
    const value = source[field]
    const inner = shape[field]!
    // A field the rules read as an object but that is something else is kept as it is: they ignore it the same way.
    view[field] = inner === true || !isJsonObject(value) ? value : pick(value, inner)
  }
  return view
}

/** The view of a parsed payload (a JSON object). */
export const payloadView = (payload: Record<string, unknown>): PayloadView => pick(payload, SHAPE)
