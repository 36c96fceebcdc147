import type { IDeploymentRequest, IDeploymentStatus } from '@gwm/domain'

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null)

export function statusItem(status: IDeploymentStatus) {
  return {
    id: status.id,
    state: status.state,
    environmentUrl: status.environmentUrl ?? null,
    logUrl: status.logUrl ?? null,
    description: status.description ?? null,
    applied: status.applied,
    mirroredToGitHub: status.githubStatusId !== null && status.githubStatusId !== undefined,
    createdAt: status.createdAt.toISOString(),
  }
}

/** The request's current state as the platform reported it. */
export function platformItem(request: Pick<IDeploymentRequest, 'platformState' | 'platformStateAt' | 'environmentUrl'>) {
  return {
    platformState: request.platformState ?? null,
    platformStateAt: iso(request.platformStateAt),
    environmentUrl: request.environmentUrl ?? null,
  }
}
