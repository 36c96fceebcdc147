import { type EntityManager, Webhook } from '@gwm/domain'
import type { SecretBox } from '@gwm/queue'

/** The sealed columns of a webhooks row. */
const SEALED = ['secretEncrypted', 'previousSecretEncrypted', 'pendingSecretEncrypted'] as const
type Sealed = Pick<Record<(typeof SEALED)[number], string | null>, (typeof SEALED)[number]>

interface Row extends Sealed {
  id: string
  githubHookId: number
}

interface ResealRowsReport {
  rows: number
  resealed: number
  unchanged: number
  /** Changed by the gateway (a rotation, a set-up) while we worked, several times over: left to its newer value. */
  raced: number
  /** Holding a value no SECRETS_KEY opens (or bound to another hook): left as it is, named in the log. */
  unreadable: number[]
}

const TRIES = 3

/** The row's sealed values sealed again with the current key; null when all already are. */
function resealed(box: SecretBox, row: Row): Sealed | null {
  const next = { ...row } as Sealed
  let changed = false
  for (const column of SEALED) {
    const value = row[column]
    const again = value === null ? null : box.reseal(value, row.githubHookId)
    if (again !== null) {
      next[column] = again
      changed = true
    }
  }
  return changed ? next : null
}

/**
 * Every hook secret in Postgres sealed again with the current (first) SECRETS_KEY, in the
 * current format (key id, bound to its hook). Each row is written only if it still holds what
 * was read (compare-and-set), so a rotation the gateway commits meanwhile is never undone;
 * a row already current is not written at all: running it twice changes nothing.
 */
export async function resealWebhookRows(em: () => EntityManager, box: SecretBox): Promise<ResealRowsReport> {
  const fields = ['id', 'githubHookId', ...SEALED] as const
  const rows = (await em().find(Webhook, {}, { fields: [...fields], orderBy: { githubHookId: 'asc' } })) as Row[]
  const report: ResealRowsReport = { rows: rows.length, resealed: 0, unchanged: 0, raced: 0, unreadable: [] }
  for (const first of rows) {
    let row: Row | null = first
    for (let attempt = 1; row; attempt++) {
      let next: Sealed | null
      try {
        next = resealed(box, row)
      } catch {
        report.unreadable.push(row.githubHookId)
        break
      }
      if (!next) {
        report.unchanged += 1
        break
      }
      const where = { id: row.id, ...Object.fromEntries(SEALED.map((column) => [column, row![column]])) }
      if ((await em().nativeUpdate(Webhook, where, next)) === 1) {
        report.resealed += 1
        break
      }
      if (attempt === TRIES) {
        report.raced += 1
        break
      }
      row = (await em().findOne(Webhook, { id: row.id }, { fields: [...fields] })) as Row | null
    }
  }
  return report
}
