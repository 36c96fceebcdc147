import { Counter, type Registry } from 'prom-client'
import { zeroed } from '../metrics.ts'

/** The reconcile stage's series, on the worker's registry. */
export function createReconcileMetrics(registry: Registry) {
  const registers = [registry]
  return {
    runs: new Counter({ name: 'gwm_worker_reconcile_runs_total', help: 'Scheduled reconciliation runs, by job and outcome (ok, failed)', labelNames: ['job', 'outcome'], registers }),
    found: new Counter({
      name: 'gwm_worker_reconcile_found_total',
      help: 'What reconciliation runs counted, by job and item (each run\'s numeric result: reconcile-hooks checked, drifted, repaired, reenabled …; reconcile-pushes reconciled …)',
      labelNames: ['job', 'item'],
      registers,
    }),
    hookProblems: zeroed(
      new Counter({
        name: 'gwm_worker_hook_problems_total',
        help: 'Problems hook health checks found on a hook, by problem (inactive: GitHub stopped delivering to it; missing, url, content_type, secret, events), repaired or not',
        labelNames: ['problem'],
        registers,
      }),
      [{ problem: 'inactive' }, { problem: 'missing' }],
    ),
    redeliveries: new Counter({ name: 'gwm_worker_redeliveries_total', help: 'Deliveries the reconciliation asked GitHub to send again, by reason (failed: no attempt succeeded; missing: answered 2xx but never stored)', labelNames: ['reason'], registers }),
  }
}
export type ReconcileMetrics = ReturnType<typeof createReconcileMetrics>
