import { type EntityManager, Webhook } from '@gwm/domain'
import { type HookSecrets, hookRepositoriesKey, hookSecretFields, type SecretBox, secretKey } from '@gwm/queue'
import type { FastifyBaseLogger } from 'fastify'
import type { Redis } from 'ioredis'
import { watchedWrite, withOwnConnection } from './watched-write.ts'

interface HookRow {
  githubHookId: number
  secretEncrypted: string
  previousSecretEncrypted: string | null
  previousSecretExpiresAt: Date | null
  pendingSecretEncrypted: string | null
  repository: { githubId: number }
}

const FIELDS = ['githubHookId', 'secretEncrypted', 'previousSecretEncrypted', 'previousSecretExpiresAt', 'pendingSecretEncrypted', 'repository.githubId'] as const

/** The secrets a hook's deliveries may be signed with now, as its row says (a rotation left pending: its new secret too, which GitHub may sign with). */
function secretsOf(box: SecretBox, row: HookRow, now: Date): HookSecrets {
  const previous = row.previousSecretEncrypted && row.previousSecretExpiresAt && row.previousSecretExpiresAt > now
    ? { previous: box.open(row.previousSecretEncrypted, row.githubHookId), previousUntil: row.previousSecretExpiresAt.getTime() }
    : {}
  const pending = row.pendingSecretEncrypted ? { pending: box.open(row.pendingSecretEncrypted, row.githubHookId) } : {}
  return { current: box.open(row.secretEncrypted, row.githubHookId), ...previous, ...pending, repositoryId: row.repository.githubId }
}

/** Whether the registry's hash already lets in exactly these secrets, sealed with the current key, for its repository only (which the registry knows has a hook of its own). */
function holds(box: SecretBox, hookId: number, fields: Record<string, string>, want: HookSecrets, now: Date, repositoryHooks: Record<string, string>): boolean {
  if (!fields.current) return false
  if (fields.repositoryId !== String(want.repositoryId) || repositoryHooks[String(want.repositoryId)] === undefined) return false
  if (Object.keys(fields).some((name) => /^v\d\./.test(fields[name]!) && !box.isCurrent(fields[name]!))) return false
  try {
    if (box.open(fields.current, hookId) !== want.current) return false
    if ((fields.pending === undefined ? undefined : box.open(fields.pending, hookId)) !== want.pending) return false
    const livePrevious = fields.previous !== undefined && Number(fields.previousUntil) > now.getTime()
    if (!want.previous) return !livePrevious
    return livePrevious && box.open(fields.previous!, hookId) === want.previous && Number(fields.previousUntil) === want.previousUntil
  } catch {
    return false
  }
}

interface SecretRegistryReport {
  hooks: number
  written: number
  unchanged: number
  /** Rows whose secret no SECRETS_KEY opens: left as they are in Redis. */
  unreadable: number
  /** Written by the gateway while we looked: its value is newer and kept. */
  raced: number
}

/**
 * The ingest's hook-secret registry made to say what Postgres says: every hook row's secrets
 * (current, and the previous one while its rotation grace lasts) are published where missing or
 * different. Idempotent; a write the gateway raced is left to the gateway's newer value. An
 * entry with no row is left alone: the gateway removes a hook's entry itself when it deletes
 * the row, and an entry it published by other means is not ours to judge.
 */
export async function rebuildSecretRegistry(opts: { em: () => EntityManager; redis: Redis; box: SecretBox; prefix: string; log: FastifyBaseLogger; now?: Date }): Promise<SecretRegistryReport> {
  const { em, box, prefix, log } = opts
  const now = opts.now ?? new Date()
  const rows = (await em().find(Webhook, {}, { fields: [...FIELDS] })) as HookRow[]
  const report: SecretRegistryReport = { hooks: rows.length, written: 0, unchanged: 0, unreadable: 0, raced: 0 }
  const current = await Promise.all(rows.map((row) => opts.redis.hgetall(secretKey(prefix, row.githubHookId))))
  const repositoryHooks = await opts.redis.hgetall(hookRepositoriesKey(prefix))
  const fresh = async (hookId: number) => (await em().findOne(Webhook, { githubHookId: hookId }, { fields: [...FIELDS] })) as HookRow | null

  await withOwnConnection(opts.redis, async (conn) => {
    for (const [index, row] of rows.entries()) {
      let want: HookSecrets
      try {
        want = secretsOf(box, row, now)
      } catch (err) {
        report.unreadable += 1
        log.warn({ err, hookId: row.githubHookId }, 'a hook secret in Postgres opens with no SECRETS_KEY: its registry entry is left as it is')
        continue
      }
      if (holds(box, row.githubHookId, current[index]!, want, now, repositoryHooks)) {
        report.unchanged += 1
        continue
      }
      const key = secretKey(prefix, row.githubHookId)
      const read = async () => {
        const latest = await fresh(row.githubHookId)
        return latest ? secretsOf(box, latest, now) : null
      }
      const outcome = await watchedWrite(conn, key, read, (tx, latest) => {
        tx.del(key)
        if (latest) tx.hset(key, hookSecretFields(box, row.githubHookId, latest))
        if (latest) tx.hset(hookRepositoriesKey(prefix), String(latest.repositoryId), String(row.githubHookId))
      })
      report[outcome === 'written' ? 'written' : 'raced'] += 1
    }
  })
  return report
}
