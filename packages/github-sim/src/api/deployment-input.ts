import { GitHubError } from '../errors.ts'
import type { DeploymentState } from '../model.ts'

const CREATE_DOCS = 'https://docs.github.com/rest/deployments/deployments#create-a-deployment'
const STATUS_DOCS = 'https://docs.github.com/rest/deployments/statuses#create-a-deployment-status'

const DEPLOYMENT_STATES: readonly DeploymentState[] = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success']

/** GitHub's answer to a body its schema refuses: 422 "Invalid request." naming the field. */
const invalid = (detail: string, docs: string) => new GitHubError(422, `Invalid request.\n\n${detail}`, { documentationUrl: docs })

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

function body(raw: unknown, docs: string): Record<string, unknown> {
  if (raw === undefined || raw === null) return {}
  if (!isObject(raw)) throw invalid('Body must be a JSON object.', docs)
  return raw
}

function optional<T>(raw: Record<string, unknown>, field: string, type: 'string' | 'boolean', docs: string, fallback: T): T {
  const value = raw[field]
  if (value === undefined) return fallback
  if (typeof value !== type) throw invalid(`For 'properties/${field}', ${JSON.stringify(value)} is not a ${type}.`, docs)
  return value as T
}

export interface DeploymentInput {
  ref: string
  task: string
  autoMerge: boolean
  /** undefined: every context the commit has must pass. */
  requiredContexts: string[] | undefined
  payload: Record<string, unknown> | string
  environment: string
  description: string | null
  transientEnvironment: boolean
  productionEnvironment: boolean
}

/** The body of POST …/deployments, with GitHub's defaults; 422 for what its schema refuses. */
export function parseDeployment(raw: unknown): DeploymentInput {
  const input = body(raw, CREATE_DOCS)
  if (input.ref === undefined) throw invalid('"ref" wasn\'t supplied.', CREATE_DOCS)
  const ref = optional(input, 'ref', 'string', CREATE_DOCS, '')
  const contexts = input.required_contexts
  if (contexts !== undefined && (!Array.isArray(contexts) || contexts.some((context) => typeof context !== 'string'))) {
    throw invalid(`For 'properties/required_contexts', ${JSON.stringify(contexts)} is not an array of strings.`, CREATE_DOCS)
  }
  const payload = input.payload ?? {}
  if (!isObject(payload) && typeof payload !== 'string') throw invalid(`For 'properties/payload', ${JSON.stringify(payload)} is not an object or a string.`, CREATE_DOCS)
  const description = input.description === null ? null : optional(input, 'description', 'string', CREATE_DOCS, '')
  const environment = optional(input, 'environment', 'string', CREATE_DOCS, 'production')
  if (environment.trim() === '') throw invalid('"environment" can\'t be blank.', CREATE_DOCS)
  return {
    ref,
    task: optional(input, 'task', 'string', CREATE_DOCS, 'deploy'),
    autoMerge: optional(input, 'auto_merge', 'boolean', CREATE_DOCS, true),
    requiredContexts: contexts as string[] | undefined,
    payload,
    environment,
    description,
    transientEnvironment: optional(input, 'transient_environment', 'boolean', CREATE_DOCS, false),
    productionEnvironment: optional(input, 'production_environment', 'boolean', CREATE_DOCS, environment === 'production'),
  }
}

export interface StatusInput {
  state: DeploymentState
  logUrl: string
  description: string
  environment: string | undefined
  environmentUrl: string
  autoInactive: boolean
}

/** The body of POST …/deployments/{id}/statuses; 422 for a missing or unknown state, a long description. */
export function parseStatus(raw: unknown): StatusInput {
  const input = body(raw, STATUS_DOCS)
  if (input.state === undefined) throw invalid('"state" wasn\'t supplied.', STATUS_DOCS)
  if (!DEPLOYMENT_STATES.includes(input.state as DeploymentState)) {
    throw invalid(`For 'properties/state', ${JSON.stringify(input.state)} is not one of ${DEPLOYMENT_STATES.join(', ')}.`, STATUS_DOCS)
  }
  const description = optional(input, 'description', 'string', STATUS_DOCS, '')
  if (description.length > 140) throw new GitHubError(422, 'Validation Failed', { documentationUrl: STATUS_DOCS, errors: [{ resource: 'DeploymentStatus', code: 'custom', field: 'description', message: 'description is too long (maximum is 140 characters)' }] })
  // log_url replaces target_url: either sets both.
  const targetUrl = optional(input, 'target_url', 'string', STATUS_DOCS, '')
  const environment = optional<string | undefined>(input, 'environment', 'string', STATUS_DOCS, undefined)
  return {
    state: input.state as DeploymentState,
    logUrl: optional(input, 'log_url', 'string', STATUS_DOCS, targetUrl),
    description,
    environment,
    environmentUrl: optional(input, 'environment_url', 'string', STATUS_DOCS, ''),
    autoInactive: optional(input, 'auto_inactive', 'boolean', STATUS_DOCS, true),
  }
}
