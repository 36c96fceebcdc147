import { Errors } from 'typebox/value'
import { CALLBACK_BODIES } from './schema.ts'

/** What is wrong with a callback body against its published schema: [] when it fits. */
export function callbackBodyProblems(body: unknown): string[] {
  const type = (body as { type?: unknown } | null)?.type
  const schema = typeof type === 'string' && Object.hasOwn(CALLBACK_BODIES, type) ? CALLBACK_BODIES[type as keyof typeof CALLBACK_BODIES] : undefined
  if (!schema) return [`type ${String(type)} is not a callback type`]
  return [...Errors(schema, body)].map((error) => `${error.instancePath || '/'} ${error.message}`)
}
