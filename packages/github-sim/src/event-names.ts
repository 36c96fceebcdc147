/** The webhook events a repository hook may subscribe to (a subset of GitHub's list, plus `*`). */
export const HOOK_EVENTS: ReadonlySet<string> = new Set([
  '*', 'branch_protection_rule', 'check_run', 'check_suite', 'code_scanning_alert', 'commit_comment', 'create', 'delete',
  'deployment', 'deployment_status', 'discussion', 'discussion_comment', 'fork', 'gollum', 'issue_comment', 'issues',
  'label', 'member', 'meta', 'milestone', 'package', 'page_build', 'ping', 'project', 'public', 'pull_request',
  'pull_request_review', 'pull_request_review_comment', 'pull_request_review_thread', 'push', 'registry_package',
  'release', 'repository', 'repository_dispatch', 'star', 'status', 'watch', 'workflow_dispatch', 'workflow_job', 'workflow_run',
])

/** Events a GitHub App subscribes to: the repository events (no `*`, no `ping`, no `meta`). */
export const APP_EVENTS: ReadonlySet<string> = new Set([...HOOK_EVENTS].filter((event) => !['*', 'ping', 'meta'].includes(event)))

