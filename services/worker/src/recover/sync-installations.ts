import { type ListedInstallation, type MikroORM, syncInstallations } from '@gwm/domain'
import type { GitHubApp } from '@gwm/github'
import type { FastifyBaseLogger } from 'fastify'

export interface SyncOptions {
  app: GitHubApp
  orm: MikroORM
  /** Hands the installations that changed to the ingest's registry. */
  publish: (installationIds: number[]) => Promise<void>
  log: FastifyBaseLogger
}

/**
 * GitHub App mode: asks GitHub which installations the App has and which repositories each
 * covers, and makes Postgres (and the ingest's registry) say the same. Installation events keep
 * them current; this catches what happened while no worker ran, or an event that never came.
 */
export async function syncInstallationsFromGitHub({ app, orm, publish, log }: SyncOptions): Promise<number> {
  const listed: ListedInstallation[] = []
  for (const installation of await app.listInstallations()) {
    // A suspended installation has no token: what it covers cannot be read, and is kept.
    const repositories = installation.suspended ? null : await app.installationRepositories(installation.id)
    listed.push({ ...installation, selection: installation.repositorySelection, repositories })
  }
  const changed = await syncInstallations(orm.em.fork(), listed)
  await publish(changed)
  log.info({ installations: listed.length }, 'GitHub App installations synced from GitHub')
  return listed.length
}
