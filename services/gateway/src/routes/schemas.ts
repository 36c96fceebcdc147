import type { FastifyRequest } from 'fastify'
import Type from 'typebox'

/** Every error the gateway answers with. */
const ErrorBody = Type.Object({
  error: Type.String({ description: 'A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid' }),
  message: Type.String({ description: 'What went wrong and what to do about it' }),
})

/** The usual error responses of a route, by status. */
export function errors(...statuses: number[]) {
  return Object.fromEntries(statuses.map((status) => [status, ErrorBody]))
}

/**
 * The body of a route that takes none: no body (or `{}`) is fine, any field is a 400 naming
 * it, as on the routes with a body. Pair it with `preValidation: emptyBodyWhenNone`.
 */
export const NoBody = Type.Object({}, { additionalProperties: false, description: 'None: the route takes no body' })

/** A request without a body is validated as `{}`: for routes whose body is optional (or NoBody). */
export async function emptyBodyWhenNone(req: FastifyRequest) {
  req.body ??= {}
}
