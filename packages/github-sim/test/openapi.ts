import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

interface Spec {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: Schema }>; $ref?: string }> }>>
  components: { responses: Record<string, { content?: Record<string, { schema?: Schema }> }> }
}

type Schema = Record<string, unknown>

const SPEC_ID = 'https://api.github.com/openapi'

/** OpenAPI 3.0's `nullable` without `type` (e.g. on allOf) is not JSON Schema: spell it as anyOf null. */
function normalize(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalize)
  if (!node || typeof node !== 'object') return node
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(node)) out[key] = key === 'example' || key === 'examples' ? value : normalize(value)
  // GET /app/installations describes `account` as allOf [Simple User, Enterprise], where the
  // installation schema says anyOf: no account is both (a user has no slug), so read it as anyOf.
  const parts = out.allOf as Array<{ title?: string }> | undefined
  if (parts?.length === 2 && parts.some((part) => part.title === 'Simple User') && parts.some((part) => part.title === 'Enterprise')) {
    out.anyOf = parts
    delete out.allOf
  }
  // `nullable` with an `enum` that leaves null out (check-run's `conclusion`, null until the run
  // completes, as every queued run answers): read the enum as allowing null too.
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null]
  // A URL whose documented default is "" (a deployment status's environment_url, log_url,
  // target_url): GitHub answers "" when none was given, which `format: uri` alone would refuse.
  if (out.format === 'uri' && out.default === '') return { anyOf: [out, { type: 'string', maxLength: 0 }] }
  if (out.nullable === true && out.type === undefined) {
    delete out.nullable
    return { anyOf: [out, { type: 'null' }] }
  }
  return out
}

/**
 * GitHub's OpenAPI description (@octokit/openapi, api.github.com) with an Ajv that checks a
 * response body against the schema of one operation and status. Loaded once per test file.
 */
export function loadOpenApi() {
  const require = createRequire(import.meta.url)
  const path = require.resolve('@octokit/openapi/generated/api.github.com.json')
  const spec = JSON.parse(readFileSync(path, 'utf8')) as Spec
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true })
  addFormats(ajv)
  ajv.addSchema({ $id: SPEC_ID, components: normalize(spec.components) }, SPEC_ID)
  const cache = new Map<string, ValidateFunction>()

  const retarget = (schema: Schema): Schema =>
    normalize(JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/', `"$ref":"${SPEC_ID}#/`))) as Schema

  /** The JSON schema for a response, or undefined when the spec defines no body. */
  function responseSchema(method: string, path: string, status: number): Schema | undefined {
    const operation = spec.paths[path]?.[method.toLowerCase()]
    if (!operation) throw new Error(`the spec has no ${method} ${path}`)
    let response = operation.responses[String(status)]
    if (!response) throw new Error(`the spec has no ${status} answer for ${method} ${path} (has ${Object.keys(operation.responses).join(', ')})`)
    if (response.$ref) response = spec.components.responses[response.$ref.split('/').pop()!]!
    return response.content?.['application/json']?.schema
  }

  /** Errors of `body` against the spec (empty when it conforms). */
  function check(method: string, path: string, status: number, body: unknown): string[] {
    let schema = responseSchema(method, path, status)
    if (!schema) return body === null || body === '' ? [] : [`the spec defines no body for ${status}, got one`]
    // A discriminated oneOf (GET /user): pick the branch the body names, as a client would.
    const discriminator = schema.discriminator as { propertyName: string; mapping: Record<string, string> } | undefined
    if (discriminator && body && typeof body === 'object') {
      // GET …/contents/{path} maps a directory listing (an array) under the key "array".
      const key = Array.isArray(body) ? 'array' : String((body as Record<string, unknown>)[discriminator.propertyName])
      const target = discriminator.mapping[key]
      if (!target) return [`discriminator ${discriminator.propertyName} has no mapping for the body's value`]
      schema = { $ref: target }
    }
    const key = `${method} ${path} ${status} ${JSON.stringify(schema).length}`
    let validate = cache.get(key)
    if (!validate) {
      validate = ajv.compile(retarget(schema))
      cache.set(key, validate)
    }
    if (validate(body)) return []
    return (validate.errors ?? []).slice(0, 10).map((error) => `${error.instancePath || '(root)'} ${error.message ?? ''} ${JSON.stringify(error.params)}`)
  }

  return { spec, check, responseSchema }
}
