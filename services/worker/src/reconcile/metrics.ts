import { Counter, type Registry } from 'prom-client'

/** The reconcile stage's series, on the worker's registry. */
export function createReconcileMetrics(registry: Registry) {
  const registers = [registry]
  return {
    runs: new Counter({ name: 'gwm_worker_reconcile_runs_total', help: 'Scheduled reconciliation runs, by job and outcome (ok, failed)', labelNames: ['job', 'outcome'], registers }),
    redeliveries: new Counter({ name: 'gwm_worker_redeliveries_total', help: 'Deliveries the reconciliation asked GitHub to send again, by reason (failed: no attempt succeeded; missing: answered 2xx but never stored)', labelNames: ['reason'], registers }),
  }
}
export type ReconcileMetrics = ReturnType<typeof createReconcileMetrics>
