import type { FastifySchemaValidationError } from 'fastify/types/schema.js'

/**
 * Validation messages that name the field: "querystring/per_page must be <= 100",
 * "body must NOT have additional properties (everything)".
 */
export function schemaErrorFormatter(errors: FastifySchemaValidationError[], dataVar: string): Error {
  const messages = errors.map((error) => {
    const extra = error.keyword === 'additionalProperties' ? ` (${String((error.params as { additionalProperty?: unknown }).additionalProperty)})` : ''
    return `${dataVar}${error.instancePath} ${error.message ?? 'is invalid'}${extra}`
  })
  return new Error(messages.join(', '))
}
