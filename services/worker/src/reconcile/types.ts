import type { WorkerConfig } from '@gwm/config'
import type { MikroORM, StoredDeliveries } from '@gwm/domain'
import type { GitHubApp } from '@gwm/github'
import type { InstallationRecord, JOBS, JobName, ReconcileJob } from '@gwm/queue'
import type { FastifyBaseLogger } from 'fastify'
import type { Redis } from 'ioredis'
import type { DeliveryStore } from '../store/store-deliveries.ts'
import type { ReconcileMetrics } from './metrics.ts'

/** The job names of the `reconcile` queue, from the catalog. */
export type ReconcileJobName = { [N in JobName]: (typeof JOBS)[N]['queue'] extends 'reconcile' ? N : never }[JobName]

/** What every scheduled job may use; each takes only what it needs. */
export interface ReconcileDeps {
  orm: MikroORM
  config: WorkerConfig
  /** A plain (non-blocking) connection, for the ingest's registries. */
  redis: Redis
  /** App mode only: the App's own credential (JWT) and its installations' tokens. */
  githubApp: GitHubApp | undefined
  /** The store stage, for a job that makes deliveries of its own (stored as GitHub's are). */
  store: DeliveryStore
  handOff: (stored: StoredDeliveries) => Promise<void>
  publishInstallations: (records: InstallationRecord[]) => Promise<void>
  metrics: ReconcileMetrics
  log: FastifyBaseLogger
}

/** One run of a scheduled job; what it returns is logged and kept as the job's result. */
export type ReconcileRun = (data: ReconcileJob) => Promise<Record<string, unknown>>

/** Builds a job's run from the shared deps (once per worker process). */
export type MakeReconcileRun = (deps: ReconcileDeps) => ReconcileRun
