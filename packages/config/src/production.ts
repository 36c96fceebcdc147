import type { Rule } from './parse-env.ts'

// Production's guardrails: what a local stack may do (plain http, short test secrets, one key for
// everything) but a deployment must not. They apply only with NODE_ENV=production (the images set
// it), and their problems are named in the same start-up error as every malformed variable.

const WHY = '(NODE_ENV=production)'
const GENERATE = 'generate one with "openssl rand -hex 32"'

const productionOnly = (...rules: Rule[]): Rule => (values) =>
  values.NODE_ENV === 'production' ? rules.flatMap((rule) => rule(values)) : []

/** URLs that carry sessions, tokens, payloads or callbacks: https only (when set). */
const httpsUrls = (...names: string[]): Rule => (values) =>
  names
    .filter((name) => typeof values[name] === 'string' && new URL(values[name]).protocol !== 'https:')
    .map((name) => `${name} must use https in production ${WHY}`)

/** Every secret of a list (new,old during a rotation) long enough not to be guessed. */
const longSecrets = (name: string, minLength: number): Rule => (values) => {
  const secrets = values[name] as readonly string[] | undefined
  const short = secrets?.findIndex((secret) => secret.length < minLength) ?? -1
  if (!secrets || short === -1) return []
  const which = secrets.length > 1 ? ` secret #${short + 1}` : ''
  return [`${name}${which} must be at least ${minLength} characters in production ${WHY}: ${GENERATE}`]
}

/** Two key lists share no key: one leaked or rotated key must not open both. */
const distinctKeys = (first: string, second: string): Rule => (values) => {
  const left = values[first] as readonly Buffer[] | undefined
  const right = values[second] as readonly Buffer[] | undefined
  const shared = left?.findIndex((key) => right?.some((other) => other.equals(key))) ?? -1
  if (shared === -1) return []
  return [`${first} and ${second} must not share a key (both hold key #${shared + 1} of ${first}): generate each with "openssl rand -hex 32"`]
}

/** The ingest's PORT is public (GitHub delivers to it): /metrics is served on METRICS_PORT instead. */
const metricsOwnPort: Rule = (values) =>
  values.METRICS_PORT === undefined
    ? [`METRICS_PORT is missing: in production /metrics is not served on the public PORT, set METRICS_PORT to serve it on a port of its own ${WHY}`]
    : []

const metricsApart: Rule = (values) =>
  values.METRICS_PORT !== undefined && values.METRICS_PORT !== 0 && values.METRICS_PORT === values.PORT
    ? ['METRICS_PORT must differ from PORT: the public port would serve /metrics']
    : []

export const gatewayRules: Rule[] = [
  productionOnly(httpsUrls('REDIRECT_URI', 'FRONTEND_URL', 'WEBHOOK_URL'), longSecrets('PLATFORM_API_TOKEN', 32), distinctKeys('SESSION_KEY', 'SECRETS_KEY')),
]
export const ingestRules: Rule[] = [metricsApart, productionOnly(metricsOwnPort)]
export const workerRules: Rule[] = [productionOnly(httpsUrls('DEPLOY_PLATFORM_URL', 'WEBHOOK_URL'))]
