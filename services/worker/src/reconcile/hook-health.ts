import type { EntityManager } from '@gwm/domain'
import { addJob, createQueue, QUEUES, SecretBox } from '@gwm/queue'
import { checkAppHook } from './hook-health-app.ts'
import { type HookFinding, recordFinding, systemic } from './hook-health-finding.ts'
import { checkRepositoryHook, type HookRow } from './hook-health-repo.ts'
import type { MakeReconcileRun } from './types.ts'

const OAUTH_MODE = 'OAuth App mode: the worker holds no GitHub credential (user tokens live only in their sessions), so repository hooks are not checked here; their admins see them in the hook status'

/** Our repository hooks and, in App mode, the installation that reaches each (null: none does). */
async function hookRows(em: EntityManager, only?: string): Promise<Array<HookRow & { webhookId: string; installationId: number | null }>> {
  const rows = (await em.execute(
    `select w.id, w.github_hook_id, w.secret_encrypted, r.full_name, i.id as installation_id from webhooks w
      join repositories r on r.id = w.repository_id
      left join installations i on i.id = r.installation_id and i.suspended_at is null and i.deleted_at is null
      where (?::uuid is null or r.id = ?::uuid) order by r.full_name`,
    [only ?? null, only ?? null],
  )) as Array<{ id: string; github_hook_id: string | number; secret_encrypted: string; full_name: string; installation_id: string | number | null }>
  return rows.map((row) => ({
    webhookId: row.id,
    githubHookId: Number(row.github_hook_id),
    secretEncrypted: row.secret_encrypted,
    fullName: row.full_name,
    installationId: row.installation_id === null ? null : Number(row.installation_id),
  }))
}

/**
 * `reconcile-hooks`: each hook that brings us GitHub's events, checked and, where GitHub's API
 * allows, repaired; every check is a hook_checks row. A hook that delivered nothing and now
 * delivers again gets a `reconcile-deliveries` run at once (its failed deliveries are sent
 * again), and for the App's a `reconcile-pushes` run too (while it had no URL, GitHub sent nothing).
 */
export const makeReconcileHooks: MakeReconcileRun = ({ orm, config, redis, githubApp, metrics, log }) => {
  const box = config.SECRETS_KEY ? new SecretBox(config.SECRETS_KEY) : undefined
  let told = false
  return async ({ repositoryId }) => {
    const em = orm.em.fork()
    const at = new Date()
    const findings: HookFinding[] = []
    const record = async (finding: HookFinding) => {
      await recordFinding(em, finding, at)
      findings.push(finding)
      // The problem's kind, never its detail: "url: https://…" counts as url.
      for (const problem of finding.problems) metrics.hookProblems.inc({ problem: problem.split(':')[0]! })
      if (finding.problems.length > 0 || finding.error) log.warn({ hook: finding.hook, problems: finding.problems, repaired: finding.repaired, error: finding.error }, 'hook health: drift found')
    }
    if (githubApp && repositoryId === undefined) await record(await checkAppHook(githubApp.jwt, config.WEBHOOK_URL))
    const rows = await hookRows(em, repositoryId)
    let unchecked = 0
    if (!githubApp && rows.length > 0 && !told) log.info(OAUTH_MODE)
    if (!githubApp) told = true
    for (const row of rows) {
      if (!githubApp || row.installationId === null) {
        unchecked++
        continue
      }
      try {
        const finding = await checkRepositoryHook(githubApp.installation(row.installationId), row, config.WEBHOOK_URL, box)
        await record(finding)
        if (finding.reenabled) await em.execute('update webhooks set active = true, updated_at = now() where id = ?', [row.webhookId])
      } catch (error) {
        if (systemic(error)) throw error
        await record({ hook: String(row.githubHookId), problems: [], repaired: false, error: `not checked: ${(error as Error).message}`, reenabled: false })
      }
    }
    const reenabled = findings.filter((finding) => finding.reenabled)
    if (reenabled.length > 0) {
      const queue = createQueue(QUEUES.reconcile, redis, config.QUEUE_PREFIX)
      try {
        await addJob(queue, 'reconcile-deliveries', {})
        if (reenabled.some((finding) => finding.hook === 'app')) await addJob(queue, 'reconcile-pushes', {})
      } finally {
        await queue.close()
      }
    }
    return {
      checked: findings.length,
      drifted: findings.filter((finding) => finding.problems.length > 0).length,
      repaired: findings.filter((finding) => finding.repaired).length,
      needPerson: findings.filter((finding) => finding.error?.includes('needs a person')).length,
      reenabled: reenabled.length,
      ...(unchecked > 0 ? { unchecked, why: githubApp ? 'no installation covers their repositories: no credential reaches them' : OAUTH_MODE } : {}),
    }
  }
}
