import { type EntityManager, runPrepared } from '@gwm/domain'

const ONCE = { planEachTime: true }

/** How far a reconciliation has looked (reconcile_watermarks), or undefined before its first run. */
export async function readWatermark(em: EntityManager, name: string): Promise<Date | undefined> {
  const [row] = await runPrepared<{ watermark: Date }>(em, 'select watermark from reconcile_watermarks where name = ?', [name], ONCE)
  return row ? new Date(row.watermark) : undefined
}

/** Moves a watermark forward (never back: two runs racing keep the further one). */
export async function advanceWatermark(em: EntityManager, name: string, watermark: Date): Promise<void> {
  await runPrepared(
    em,
    `insert into reconcile_watermarks (name, watermark, updated_at) values (?, ?, now())
     on conflict (name) do update set watermark = greatest(reconcile_watermarks.watermark, excluded.watermark), updated_at = now()`,
    [name, watermark],
    ONCE,
  )
}
