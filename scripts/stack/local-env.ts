import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { exampleRepositoryIds } from '../send/examples.ts'
import type { StackPorts } from './ports.ts'

/** Parses KEY=VALUE lines of a .env file (comments and blank lines ignored). */
function readDotEnv(path: string): Record<string, string> {
  if (!existsSync(path)) return {}
  const out: Record<string, string> = {}
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = line.match(/^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/)
    if (match) out[match[1]!] = match[2]!.replace(/^(['"])(.*)\1$/, '$2')
  }
  return out
}

/**
 * Keys the local stack generates once and keeps under .data/ (never committed), so sessions
 * and stored hook secrets survive a restart.
 */
function localSecrets(dataDir: string): Record<string, string> {
  const path = join(dataDir, 'local-secrets.json')
  const kept: Record<string, string> = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {}
  const fresh: Record<string, string> = {
    SESSION_KEY: randomBytes(32).toString('hex'),
    SECRETS_KEY: randomBytes(32).toString('hex'),
    DEPLOY_PLATFORM_SECRET: `whsec_${randomBytes(24).toString('base64')}`,
    PLATFORM_API_TOKEN: randomBytes(24).toString('hex'),
    // What `npm run send` signs with for a repository that has no hook of ours.
    WEBHOOK_SECRET: randomBytes(24).toString('hex'),
  }
  // A key added since the file was written is generated now; the kept ones never change.
  if (Object.keys(fresh).every((name) => name in kept)) return kept
  const secrets = { ...fresh, ...kept }
  mkdirSync(dataDir, { recursive: true })
  writeFileSync(path, JSON.stringify(secrets, null, 2), { mode: 0o600 })
  return secrets
}

/**
 * A setting as the stack that runs here resolves it: the environment, then .env, then the keys
 * generated under .data/ (read only: nothing is created). For the tour, which talks to that stack.
 */
export function localSetting(root: string, name: string): string | undefined {
  const secretsPath = join(root, '.data', 'local-secrets.json')
  const generated = existsSync(secretsPath) ? (JSON.parse(readFileSync(secretsPath, 'utf8')) as Record<string, string>) : {}
  return process.env[name] || readDotEnv(join(root, '.env'))[name] || generated[name] || undefined
}

/** Defaults that make the whole flow work locally; the environment and .env override them. */
export function localEnv(root: string, ports: StackPorts, backing: { databaseUrl: string; redisUrl: string }): NodeJS.ProcessEnv {
  const github = `http://127.0.0.1:${ports.github}`
  const defaults: Record<string, string> = {
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'pretty',
    // Each service writes to a pipe to the stack: colours (pino-pretty's) only if the stack's reach a terminal.
    ...(process.stdout.isTTY && process.env.NO_COLOR === undefined ? { FORCE_COLOR: '1' } : {}),
    HOST: '127.0.0.1',
    DATABASE_URL: backing.databaseUrl,
    REDIS_URL: backing.redisUrl,
    CLIENT_ID: 'gwm-local-client',
    CLIENT_SECRET: 'gwm-local-client-secret',
    REDIRECT_URI: `http://localhost:${ports.gateway}/auth/callback`,
    FRONTEND_URL: `http://localhost:${ports.gateway}`,
    WEBHOOK_URL: `http://127.0.0.1:${ports.ingest}/api/webhook`,
    GITHUB_URL: github,
    GITHUB_API_URL: `${github}/api/v3`,
    DEPLOY_PLATFORM_URL: `http://127.0.0.1:${ports.platform}/callbacks`,
    // WEBHOOK_SECRET opens only listed repositories: those of the example payloads `npm run send` uses.
    WEBHOOK_SECRET_REPOSITORY_IDS: exampleRepositoryIds().join(','),
    ...localSecrets(join(root, '.data')),
  }
  const fromFile = readDotEnv(join(root, '.env'))
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const [name, value] of Object.entries({ ...defaults, ...fromFile })) {
    if (!env[name]) env[name] = value
  }
  return env
}
