import pg from 'pg'
import type { DeployRulesConfig } from '../rules/schema.ts'

/** Every change to deploy_rules is announced here when it commits (the deploy_rules_changed trigger, entities/deploy-rules.ts). */
const CHANNEL = 'gwm_deploy_rules'
const RECONNECT_MS = 1_000

interface Logger {
  warn(fields: object, message: string): void
}

/**
 * Each repository's rules in force, kept in memory while this process listens for changes to
 * them. Whenever it is not listening (starting, or its connection was lost) nothing is cached
 * and every lookup goes to Postgres: a change it could have missed is never served.
 */
export interface RulesCache {
  get(repositoryId: string): DeployRulesConfig | undefined
  /** What a read begun now may store: undefined while not listening; a change announced meanwhile voids it. */
  generation(): number | undefined
  set(generation: number, repositoryId: string, rules: DeployRulesConfig): void
  close(): Promise<void>
}

export function createRulesCache(databaseUrl: string, log?: Logger): RulesCache {
  const rules = new Map<string, DeployRulesConfig>()
  let listening = false
  let generation = 0
  let closed = false
  let client: pg.Client | undefined

  const forget = () => {
    listening = false
    generation++
    rules.clear()
  }

  async function listen() {
    if (closed) return
    const next = new pg.Client({ connectionString: databaseUrl, application_name: 'gwm-rules-listener' })
    client = next
    next.on('notification', (message) => {
      generation++
      if (message.payload) rules.delete(message.payload)
    })
    next.on('error', (err) => {
      log?.warn({ err }, 'deploy rules listener lost its connection; rules are read from Postgres until it is back')
      forget()
      next.end().catch(() => {})
      if (!closed) setTimeout(listen, RECONNECT_MS).unref()
    })
    try {
      await next.connect()
      await next.query(`listen ${CHANNEL}`)
      if (client === next && !closed) {
        generation++
        listening = true
      }
    } catch (err) {
      forget()
      await next.end().catch(() => {})
      if (!closed && client === next) setTimeout(listen, RECONNECT_MS).unref()
      log?.warn({ err }, 'deploy rules listener could not start; rules are read from Postgres until it does')
    }
  }
  void listen()

  return {
    get: (repositoryId) => (listening ? rules.get(repositoryId) : undefined),
    generation: () => (listening ? generation : undefined),
    set(at, repositoryId, value) {
      if (listening && at === generation) rules.set(repositoryId, value)
    },
    async close() {
      closed = true
      forget()
      await client?.end().catch(() => {})
    },
  }
}
