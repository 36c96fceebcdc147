/** A GitHub App's permission levels (`metadata: read`, `contents: write`, …). */
export type AppPermissions = Record<string, 'read' | 'write'>

/** The permission names GitHub Apps request (GitHub's `app-permissions`). */
const APP_PERMISSION_NAMES: ReadonlySet<string> = new Set([
  'actions', 'administration', 'artifact_metadata', 'attestations', 'checks', 'code_quality', 'codespaces', 'contents',
  'dependabot_secrets', 'deployments', 'discussions', 'environments', 'issues', 'merge_queues', 'metadata', 'packages', 'pages',
  'pull_requests', 'repository_custom_properties', 'repository_hooks', 'repository_projects', 'secret_scanning_alerts', 'secrets',
  'security_events', 'single_file', 'statuses', 'vulnerability_alerts', 'workflows', 'custom_properties_for_organizations',
  'members', 'organization_administration', 'organization_custom_roles', 'organization_custom_org_roles',
  'organization_custom_properties', 'organization_copilot_seat_management', 'organization_copilot_agent_settings',
  'organization_announcement_banners', 'organization_events', 'organization_hooks', 'organization_personal_access_tokens',
  'organization_personal_access_token_requests', 'organization_plan', 'organization_projects', 'organization_packages',
  'organization_secrets', 'organization_self_hosted_runners', 'organization_user_blocking', 'email_addresses', 'followers',
  'git_ssh_keys', 'gpg_keys', 'interaction_limits', 'profile', 'starring', 'enterprise_custom_properties_for_organizations',
])

const LEVEL = { read: 1, write: 2 } as const

/** Whether `granted` includes `level` of `name` (`metadata: read` comes with any repository access). */
export function allows(granted: AppPermissions, name: string, level: 'read' | 'write'): boolean {
  const have = granted[name] ?? (name === 'metadata' ? 'read' : undefined)
  return have !== undefined && LEVEL[have] >= LEVEL[level]
}

/** The first permission of `wanted` that `granted` does not cover, or null. */
export function exceeding(granted: AppPermissions, wanted: AppPermissions): string | null {
  for (const [name, level] of Object.entries(wanted)) if (!allows(granted, name, level)) return name
  return null
}

/** A problem with a permissions object (unknown name, level other than read/write), or null. */
export function permissionsProblem(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'must be an object of permission: "read" | "write"'
  for (const [name, level] of Object.entries(raw)) {
    if (!APP_PERMISSION_NAMES.has(name)) return `has an unknown permission "${name}"`
    if (level !== 'read' && level !== 'write') return `.${name} must be "read" or "write"`
  }
  return null
}

/** The App's permissions with GitHub's implied `metadata: read`. */
export const withMetadata = (permissions: AppPermissions): AppPermissions => ({ metadata: 'read', ...permissions })
