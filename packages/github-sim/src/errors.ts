import type { FastifyError, FastifyInstance } from 'fastify'

const DOCS = 'https://docs.github.com/rest'

/** An error answered the way GitHub's REST API answers it: `{ message, documentation_url, status }`. */
export class GitHubError extends Error {
  readonly statusCode: number
  readonly documentationUrl: string
  readonly errors: unknown[] | undefined
  readonly headers: Record<string, string>
  constructor(statusCode: number, message: string, options: { documentationUrl?: string; errors?: unknown[]; headers?: Record<string, string> } = {}) {
    super(message)
    this.name = 'GitHubError'
    this.statusCode = statusCode
    this.documentationUrl = options.documentationUrl ?? DOCS
    this.errors = options.errors
    this.headers = options.headers ?? {}
  }

  body(): Record<string, unknown> {
    return {
      message: this.message,
      ...(this.errors ? { errors: this.errors } : {}),
      documentation_url: this.documentationUrl,
      status: String(this.statusCode),
    }
  }
}

export const notFound = (): GitHubError => new GitHubError(404, 'Not Found')
export const badCredentials = (): GitHubError => new GitHubError(401, 'Bad credentials')
export const requiresAuthentication = (): GitHubError => new GitHubError(401, 'Requires authentication')

/** What GitHub answers a GitHub App credential (JWT, installation or App user token) that lacks a permission. */
export const notAccessibleByIntegration = (documentationUrl?: string): GitHubError =>
  new GitHubError(403, 'Resource not accessible by integration', documentationUrl ? { documentationUrl } : {})

export const validationFailed = (errors: unknown[], documentationUrl?: string): GitHubError =>
  new GitHubError(422, 'Validation Failed', { errors, ...(documentationUrl ? { documentationUrl } : {}) })

/** Error handler for the simulator: GitHub's error bodies, Fastify's own errors translated. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | GitHubError, req, reply) => {
    if (error instanceof GitHubError) {
      for (const [name, value] of Object.entries(error.headers)) reply.header(name, value)
      return reply.code(error.statusCode).send(error.body())
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
    if (status === 500) req.log.error({ err: error }, 'github-sim: request failed')
    const message = status === 400 ? 'Problems parsing JSON' : status === 500 ? 'Server Error' : error.message
    return reply.code(status).send(new GitHubError(status, message).body())
  })
  app.setNotFoundHandler((_req, reply) => reply.code(404).send(notFound().body()))
}
