import type { MakeReconcileRun } from './types.ts'

/** A scheduled job whose processor is not written yet: it says so and does nothing. */
export const notYetWired = (name: string): MakeReconcileRun => ({ log }) => async () => {
  log.warn({ job: name }, `${name} is scheduled but not yet wired to a processor: nothing was done`)
  return { skipped: 'not yet wired' }
}
