/** The repository columns a delivery carries, as GitHub describes the repository in its payload. */
export interface RepositoryFields {
  githubId: number
  fullName: string
  defaultBranch: string
  private: boolean
  /** What the platform clones (null when the payload has none). */
  cloneUrl: string | null
}

/** The Repository columns a payload's `repository` carries, or null when it has none. */
export function repositoryFields(payload: unknown): RepositoryFields | null {
  const repo = payload as { id?: unknown; full_name?: unknown; default_branch?: unknown; private?: unknown; clone_url?: unknown } | undefined
  if (!repo || !Number.isSafeInteger(repo.id) || typeof repo.full_name !== 'string') return null
  return {
    githubId: repo.id as number,
    fullName: repo.full_name,
    defaultBranch: typeof repo.default_branch === 'string' ? repo.default_branch : 'main',
    private: repo.private === true,
    cloneUrl: typeof repo.clone_url === 'string' ? repo.clone_url : null,
  }
}
