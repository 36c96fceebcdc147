import type { FastifySchemaValidationError } from 'fastify/types/schema.js'

/**
 * Validation messages that name the field: "querystring/per_page must be <= 100",
 * "body must NOT have additional properties (everything)", "body/state must be equal to one of
 * the allowed values (queued, in_progress, …)".
 */
export function schemaErrorFormatter(errors: FastifySchemaValidationError[], dataVar: string): Error {
  const messages = errors.map((error) => {
    const params = error.params as { additionalProperty?: unknown; allowedValues?: unknown[] }
    const extra = error.keyword === 'additionalProperties' ? ` (${String(params.additionalProperty)})`
      : error.keyword === 'enum' && Array.isArray(params.allowedValues) ? ` (${params.allowedValues.join(', ')})`
      : ''
    return `${dataVar}${error.instancePath} ${error.message ?? 'is invalid'}${extra}`
  })
  return new Error(messages.join(', '))
}
